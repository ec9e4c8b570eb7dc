// Package internal holds plumbing that belongs to no bounded context and no
// single adapter: the SQL migration runner (pgmigrate), the per-test
// PostgreSQL database helper (pgtest) and the log scrubber (logscrub). Only
// logscrub knows the domain, and of it only domain.Loggable.
package internal
