-- How many problems of a scored run had n samples of which c were correct: [[n, c, problems], ...]. With it the
-- leaderboard gives pass@k at any k up to the run's samples per problem, not only at the report's k grid.
-- NULL for runs scored before this column existed (their pass@k off the grid stays null).
ALTER TABLE runs ADD COLUMN pass_counts TEXT;
