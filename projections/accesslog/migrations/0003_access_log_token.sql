-- The API token a read was made with (credentials_tokens.id), so the log
-- names the integration and not only the member who created its token
-- (issue 18). NULL: a page, a download, or the API with a session.
ALTER TABLE access_log ADD COLUMN token_id text;
