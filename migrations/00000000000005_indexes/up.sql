-- Found by `./dev bench`: item loads look indicator targets up by item; without this index
-- every item read scanned the targets of every plan, and slowed as the database grew.
CREATE INDEX indicator_targets_item_idx ON indicator_targets (item_id);
