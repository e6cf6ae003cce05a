DROP TABLE evaluation_ballots;
DROP TABLE evaluation_rounds;
DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE role = 'deputy');
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'unit', 'leader'));
