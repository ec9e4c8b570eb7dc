// Package layout holds no code: its test checks that every package imports
// only what its room in docs/architecture.md allows.
package layout
