-- 051-plan-jobs: which timetable a plan-timetable job stored. The primary key on job_id
-- makes storing idempotent: a job retried after its worker died stores exactly one timetable.
CREATE TABLE plan_jobs (
  job_id       text PRIMARY KEY,
  county       text NOT NULL,
  timetable_id bigint NOT NULL REFERENCES timetables(id) ON DELETE CASCADE,
  attempt      integer NOT NULL,
  stored_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_jobs_county ON plan_jobs (county);
