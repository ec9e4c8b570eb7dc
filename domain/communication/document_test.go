package communication

import (
	"bytes"
	"testing"

	"github.com/klient-crm/klient/domain"
)

func attachment() Attachment {
	return Attachment{DocumentID: docID, MatterID: matterID, DataSubject: matterKey, Name: `C:\fakepath\Avtal.pdf`,
		Size: 1234, ContentType: "application/pdf", SHA256: bytes.Repeat([]byte{1}, 32), UploadedBy: staffID}
}

func TestAttachAndRemove(t *testing.T) {
	t.Parallel()
	var d Document
	events, err := d.Attach(attachment())
	decided(t, events, err, DocumentAttached{})
	if a := events[0].(DocumentAttached); a.Name != "Avtal.pdf" || a.DataSubject != matterKey {
		t.Fatalf("attached %+v", a)
	}
	d.Apply(events[0])
	events, err = d.Attach(attachment())
	refused(t, events, err, domain.KindConflict, "document.id.taken")
	events, err = d.Remove()
	decided(t, events, err, DocumentRemoved{})
	d.Apply(events[0])
	if events, err = d.Remove(); err != nil || len(events) != 0 || !d.Removed() {
		t.Fatalf("removing again decided %v, %v", events, err)
	}
	events, err = new(Document).Remove()
	refused(t, events, err, domain.KindNotFound, "document.not_found")
}

func TestAttachRefusals(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		edit func(*Attachment)
		kind domain.Kind
		code string
	}{
		{"no target", func(a *Attachment) { a.MatterID = "" }, domain.KindInvalid, "document.target.required"},
		{"empty", func(a *Attachment) { a.Size = 0 }, domain.KindInvalid, "document.empty"},
		{"no name", func(a *Attachment) { a.Name = "dir/" }, domain.KindInvalid, "document.name.required"},
		{"no extension", func(a *Attachment) { a.Name = "avtal" }, domain.KindInvalid, "document.name.required"},
		{"control in name", func(a *Attachment) { a.Name = "a\x00.pdf" }, domain.KindInvalid, "communication.text.control"},
		{"no uploader", func(a *Attachment) { a.UploadedBy = "" }, domain.KindForbidden, "auth.actor_required"},
		{"no digest", func(a *Attachment) { a.SHA256 = nil }, domain.KindInternal, ""},
	} {
		a := attachment()
		tt.edit(&a)
		events, err := new(Document).Attach(a)
		if len(events) != 0 || domain.KindOf(err) != tt.kind || codeOf(err) != tt.code {
			t.Errorf("%s: %v, %v; want %s %s", tt.name, events, err, tt.kind, tt.code)
		}
	}
}
