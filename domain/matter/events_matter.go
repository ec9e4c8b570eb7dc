package matter

// Details are the matter's own words about itself. Both may name people,
// so they are sealed with an entry key the matter owns (detailsKey), which
// a redaction replaces; a matter opened before entry keys seals them with
// its own key (see the package doc).
type Details struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// MatterOpened: a matter was taken in (status intake) under its reserved
// number. Its parties follow as PartyAdded events of the same append.
//
// Version 2 seals Details with an entry key of their own, DetailsSubject
// (domain.EntryKey, owned by the matter), so a mention in the title can be
// redacted alone. File is the matter's number sealed with the matter's own
// key: the sign of the file. Once retention destroys that key, File no
// longer opens, and that is how the aggregate and the read models learn
// the file is erased (Details under an entry key could not tell them: a
// redaction destroys that key too). Version 1 sealed Details with the
// matter's key, which was the sign; its upcast names that key as
// DetailsSubject.
type MatterOpened struct {
	MatterID          string  `json:"matter_id"`
	MatterSubject     string  `json:"matter_subject"` // Subject(MatterID)
	Number            string  `json:"number"`         // YYYY-NNNN
	PracticeArea      string  `json:"practice_area"`
	ResponsibleLawyer string  `json:"responsible_lawyer"` // staff ID
	File              string  `json:"file" personal:"MatterSubject"`
	DetailsSubject    string  `json:"details_subject"`
	Details           Details `json:"details" personal:"DetailsSubject"`
}

// MatterDetailsChanged carries the complete new title, description and
// practice area, sealed with the key the matter's details have at the
// time (version 1: the matter's key; its upcast names it).
type MatterDetailsChanged struct {
	MatterID       string  `json:"matter_id"`
	MatterSubject  string  `json:"matter_subject"`
	PracticeArea   string  `json:"practice_area"`
	DetailsSubject string  `json:"details_subject"`
	Details        Details `json:"details" personal:"DetailsSubject"`
}

// MatterDetailsRedacted: a mention of someone was taken out of the
// matter's title, description or the reasons it was reopened (docs/
// gdpr.md, "Mentions in other matters"). Details and Reasons are the whole
// corrected text under a new entry key, DetailsSubject; the key of
// Replaced, which sealed every earlier version (the opening, each change
// and each reopening's reason), is destroyed right after. Reasons replace,
// in order, the reopenings' reasons (Versions: the stream versions of
// the reopenings). The practice area stays as it was.
type MatterDetailsRedacted struct {
	MatterID       string   `json:"matter_id"`
	MatterSubject  string   `json:"matter_subject"`
	DetailsSubject string   `json:"details_subject"`
	Replaced       string   `json:"replaced"`
	Details        Details  `json:"details" personal:"DetailsSubject"`
	Versions       []uint64 `json:"versions,omitempty"`
	Reasons        []string `json:"reasons,omitempty" personal:"DetailsSubject"`
}

// MatterActivated: the intake passed its conflict check and is open.
type MatterActivated struct {
	MatterID string `json:"matter_id"`
}

// MatterClosed: the work is done (or the intake did not proceed); the
// matter's retention period runs from here.
type MatterClosed struct {
	MatterID string `json:"matter_id"`
}

// MatterReopened: a closed matter is back at Status (open, or intake when
// it was closed from intake). The reason may name people: version 2 seals
// it with the key of the matter's details at the time, ReasonSubject, so a
// redaction of the details restates it too; version 1 sealed it with the
// matter's key, which its upcast names.
type MatterReopened struct {
	MatterID      string `json:"matter_id"`
	MatterSubject string `json:"matter_subject"`
	Status        Status `json:"status"`
	ReasonSubject string `json:"reason_subject"`
	Reason        string `json:"reason" personal:"ReasonSubject"`
}

// MatterArchived: the closed matter is put away for good; nothing changes
// any more.
type MatterArchived struct {
	MatterID string `json:"matter_id"`
}

// NoteAdded: a free-form note on the matter's file. It may name anyone, so
// its text is sealed with an entry key of its own, TextSubject, owned by
// the matter (domain.EntryKey): one note's text can be redacted, and
// erasing the matter's file still destroys it. Version 1 sealed Text with
// the matter's key: its upcast names that key as TextSubject.
type NoteAdded struct {
	MatterID      string `json:"matter_id"`
	MatterSubject string `json:"matter_subject"`
	NoteID        string `json:"note_id"`
	TextSubject   string `json:"text_subject"`
	Text          string `json:"text" personal:"TextSubject"`
}

// NoteTextRedacted: a mention of someone was taken out of a note (docs/
// gdpr.md, "Mentions in other matters"). Text is the whole corrected text
// under a new entry key, TextSubject; the key of Replaced, which sealed
// every earlier version, is destroyed right after. Who redacted and when
// are the event's metadata.
type NoteTextRedacted struct {
	MatterID      string `json:"matter_id"`
	MatterSubject string `json:"matter_subject"`
	NoteID        string `json:"note_id"`
	TextSubject   string `json:"text_subject"`
	Replaced      string `json:"replaced"`
	Text          string `json:"text" personal:"TextSubject"`
}

// MatterNumberReserved reserves the next number of Year (NumberingStream)
// for MatterID: the Nth reservation of the stream reserves number N.
type MatterNumberReserved struct {
	Year     int    `json:"year"`
	Number   string `json:"number"`
	MatterID string `json:"matter_id"`
}

// MatterNumberVoided accounts for a reserved number whose matter was never
// opened (the opening stopped between reserving and opening: a crash): the
// number stays unused, and the register says why. A later retry of that
// opening gets a new number.
type MatterNumberVoided struct {
	Year     int    `json:"year"`
	Number   string `json:"number"`
	MatterID string `json:"matter_id"`
}
