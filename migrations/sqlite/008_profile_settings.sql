-- Profile settings: whether a user's public profile (/users/{handle}) lists the papers they
-- upvoted. Off by default: a vote is public only when its owner says so.
ALTER TABLE users ADD COLUMN show_upvotes INTEGER NOT NULL DEFAULT 0 CHECK (show_upvotes IN (0, 1));
