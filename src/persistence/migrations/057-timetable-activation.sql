-- 057-timetable-activation: plan jobs store draft timetables; an operator (or the automatic rule
-- of a plan job) activates one. Who activated it, when and why is kept on the row.
ALTER TABLE timetables
  ADD COLUMN activated_at      timestamptz,
  ADD COLUMN activated_by      text,
  ADD COLUMN activation_reason text;
