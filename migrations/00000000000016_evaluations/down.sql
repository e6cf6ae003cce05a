-- Deputies' accounts cannot be kept without their role: refuse, saying so, rather than turn
-- them into accounts of another role.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM users WHERE role = 'deputy') THEN
        RAISE EXCEPTION 'deputy accounts exist: remove them (or change their role) before reverting migration 16';
    END IF;
END $$;
DROP TABLE evaluation_ballots;
DROP TABLE evaluation_rounds;
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'unit', 'leader'));
