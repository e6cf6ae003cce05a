-- The plan as the notice publishes it: plans, categories, responsible units, items,
-- milestones (节点) and indicators (指标) with their cumulative targets per milestone.

CREATE TABLE units (
    id          SERIAL PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(btrim(name)) > 0),
    code        TEXT NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_-]{1,32}$'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE plans (
    id                SERIAL PRIMARY KEY,
    year              INT NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
    title             TEXT NOT NULL CHECK (length(btrim(title)) > 0),
    notice_title      TEXT NOT NULL DEFAULT '',
    doc_number        TEXT NOT NULL DEFAULT '',
    issuer            TEXT NOT NULL DEFAULT '',
    issued_on         DATE,
    status            TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    -- The reporting rule is data: reports are due by each month's end from this day on.
    first_report_due  DATE CHECK (first_report_due IS NULL OR EXTRACT(YEAR FROM first_report_due) = year),
    -- Light thresholds (SPEC §4), settings of the plan.
    green_max_lag     DOUBLE PRECISION NOT NULL DEFAULT 10,
    red_min_lag       DOUBLE PRECISION NOT NULL DEFAULT 30,
    red_overdue_days  INT NOT NULL DEFAULT 30 CHECK (red_overdue_days >= 0),
    version           INT NOT NULL DEFAULT 1,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (0 <= green_max_lag AND green_max_lag <= red_min_lag AND red_min_lag <= 100)
);

CREATE TABLE categories (
    id       SERIAL PRIMARY KEY,
    plan_id  INT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    ordinal  INT NOT NULL CHECK (ordinal > 0),
    title    TEXT NOT NULL CHECK (length(btrim(title)) > 0),
    UNIQUE (plan_id, ordinal),
    UNIQUE (id, plan_id)
);

CREATE TABLE items (
    id            SERIAL PRIMARY KEY,
    plan_id       INT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    category_id   INT NOT NULL,
    number        INT NOT NULL CHECK (number > 0),
    content       TEXT NOT NULL CHECK (length(btrim(content)) > 0),
    lead_unit_id  INT NOT NULL REFERENCES units (id),
    version       INT NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (plan_id, number),
    -- An item's category must belong to the same plan.
    FOREIGN KEY (category_id, plan_id) REFERENCES categories (id, plan_id)
);
CREATE INDEX items_lead_unit_idx ON items (lead_unit_id);
CREATE INDEX items_category_idx ON items (category_id);

CREATE TABLE item_co_units (
    item_id  INT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    unit_id  INT NOT NULL REFERENCES units (id),
    PRIMARY KEY (item_id, unit_id)
);

CREATE TABLE milestones (
    id               SERIAL PRIMARY KEY,
    item_id          INT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    seq              INT NOT NULL CHECK (seq > 0),
    due_date         DATE NOT NULL,
    target_text      TEXT NOT NULL,
    completed_on     DATE,
    completion_note  TEXT,
    version          INT NOT NULL DEFAULT 1,
    UNIQUE (item_id, seq),
    UNIQUE (item_id, due_date),
    UNIQUE (id, item_id)
);

-- A milestone's due date lies inside its plan's year (a cross-table rule, so a trigger).
CREATE FUNCTION milestone_due_in_plan_year() RETURNS trigger AS $$
DECLARE
    plan_year INT;
BEGIN
    SELECT p.year INTO plan_year FROM items i JOIN plans p ON p.id = i.plan_id WHERE i.id = NEW.item_id;
    IF EXTRACT(YEAR FROM NEW.due_date) <> plan_year THEN
        RAISE EXCEPTION 'milestone due date % is outside plan year %', NEW.due_date, plan_year
            USING ERRCODE = 'check_violation', CONSTRAINT = 'milestones_due_in_plan_year';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER milestones_due_in_plan_year
    BEFORE INSERT OR UPDATE OF due_date, item_id ON milestones
    FOR EACH ROW EXECUTE FUNCTION milestone_due_in_plan_year();

CREATE TABLE indicators (
    id            SERIAL PRIMARY KEY,
    item_id       INT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    seq           INT NOT NULL CHECK (seq > 0),
    name          TEXT NOT NULL CHECK (length(btrim(name)) > 0),
    measure       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('cumulative', 'rate')),
    final_target  DOUBLE PRECISION NOT NULL CHECK (final_target >= 0),
    UNIQUE (item_id, seq),
    UNIQUE (item_id, name),
    UNIQUE (id, item_id),
    CHECK (kind <> 'rate' OR final_target <= 100)
);

-- The cumulative target an indicator must reach by a milestone of the same item.
CREATE TABLE indicator_targets (
    indicator_id  INT NOT NULL,
    milestone_id  INT NOT NULL,
    item_id       INT NOT NULL,
    target        DOUBLE PRECISION NOT NULL CHECK (target >= 0),
    PRIMARY KEY (indicator_id, milestone_id),
    FOREIGN KEY (indicator_id, item_id) REFERENCES indicators (id, item_id) ON DELETE CASCADE,
    FOREIGN KEY (milestone_id, item_id) REFERENCES milestones (id, item_id) ON DELETE CASCADE
);
