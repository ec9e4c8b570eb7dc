// Package internal holds plumbing that belongs to no bounded context and no
// single adapter: the SQL migration runner (pgmigrate) and the per-test
// PostgreSQL database helper (pgtest). Nothing here knows the domain.
package internal
