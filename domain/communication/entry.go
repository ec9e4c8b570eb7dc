package communication

// Entry is the aggregate of one logged communication; its zero value is
// the state before the first event. State changes only through Apply; the
// decision methods (Log, Correct, FlagFollowUp, …) check the rules and
// return the events that would record the change. No events and no error
// means the entry already is as asked.
type Entry struct {
	id          string
	links       Links
	dataSubject string
	textSubject string   // the key sealing the current text
	retired     []string // the keys redactions replaced
	details     Details
	registered  Details   // as first logged: tells a retry from a clash of IDs
	followUp    *FollowUp // nil: none
	deleted     bool
	erased      bool
	applied     uint64 // how many events built this state
}

// Exists reports whether the entry has been logged.
func (e *Entry) Exists() bool { return e.applied > 0 }

// Version is the stream version of the last applied event (meaningful only
// when Exists).
func (e *Entry) Version() uint64 { return e.applied - 1 }

// ID is the entry's ID.
func (e *Entry) ID() string { return e.id }

// Links are the matter and contacts the entry is filed under.
func (e *Entry) Links() Links { return e.links }

// DataSubject is whose key seals the entry's text, and that of documents
// attached to it.
func (e *Entry) DataSubject() string { return e.dataSubject }

// TextSubject is whose key seals the entry's current text: an entry key
// of its own, or DataSubject for an entry logged before entry keys.
func (e *Entry) TextSubject() string { return e.textSubject }

// RetiredKeys are the entry keys the entry's redactions replaced: a
// redaction destroys them (again, harmlessly) once it is stored.
func (e *Entry) RetiredKeys() []string { return e.retired }

// Details are the entry's current facts (blank text when erased).
func (e *Entry) Details() Details { return e.details }

// FollowUp is the open follow-up, if any.
func (e *Entry) FollowUp() (FollowUp, bool) {
	if e.followUp == nil {
		return FollowUp{}, false
	}
	return *e.followUp, true
}

// Deleted reports an entry marked as recorded in error.
func (e *Entry) Deleted() bool { return e.deleted }

// Erased reports an entry whose text can no longer be opened.
func (e *Entry) Erased() bool { return e.erased }
