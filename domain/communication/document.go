package communication

import "github.com/klient-crm/klient/domain"

// Document is the aggregate of one uploaded file; its zero value is the
// state before the first event. Its bytes are not part of it: they are in
// the blob store, under the document's ID.
type Document struct {
	id              string
	matterID        string
	communicationID string
	dataSubject     string
	removed         bool
	erased          bool
	applied         uint64
}

// Exists reports whether the document has been attached.
func (d *Document) Exists() bool { return d.applied > 0 }

// Version is the stream version of the last applied event.
func (d *Document) Version() uint64 { return d.applied - 1 }

// ID is the document's ID.
func (d *Document) ID() string { return d.id }

// MatterID is the matter the document belongs to, if any.
func (d *Document) MatterID() string { return d.matterID }

// CommunicationID is the entry the document is attached to, if any.
func (d *Document) CommunicationID() string { return d.communicationID }

// DataSubject is whose key seals the document's name and bytes.
func (d *Document) DataSubject() string { return d.dataSubject }

// Removed reports a document taken off its matter or entry.
func (d *Document) Removed() bool { return d.removed }

// Erased reports a document whose name can no longer be opened.
func (d *Document) Erased() bool { return d.erased }

// Apply evolves the state by one of the document's own events.
func (d *Document) Apply(ev domain.Event) {
	d.applied++
	switch e := ev.(type) {
	case DocumentAttached:
		d.id, d.matterID, d.communicationID, d.dataSubject = e.DocumentID, e.MatterID, e.CommunicationID, e.DataSubject
	case DocumentRemoved:
		d.removed = true
	}
}

// ApplyErased applies an event whose name could not be opened because the
// data subject's key was shredded.
func (d *Document) ApplyErased(ev domain.Event) {
	d.erased = true
	d.Apply(ev)
}
