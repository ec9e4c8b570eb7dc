package staff

import "context"

// Directory answers the commands' StaffDirectory port from the read model:
// registration asks it whether an e-mail address is taken.
type Directory struct{ db DB }

// NewDirectory returns the directory over db (the read-model pool).
func NewDirectory(db DB) Directory { return Directory{db: db} }

// StaffIDByEmail returns the ID of the member who holds email as a sign-in
// name, in any case, and whether there is one. Erased members hold none.
func (d Directory) StaffIDByEmail(ctx context.Context, email string) (string, bool, error) {
	m, found, err := ByEmail(ctx, d.db, email)
	return m.ID, found, err
}
