package commands_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/projections/documents"
)

// A document of an entry outside any matter is sealed with the first
// contact's key: shredding it makes the bytes unreadable and the list
// says erased.
func TestEntryDocumentDiesWithTheContact(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	anna := w.person("Anna")
	entry := w.logEntry(commands.LogCommunication{Links: communication.Links{ContactIDs: []string{anna}},
		Details: phoneCall(today.Add(-time.Hour), "Brev", "")})
	res, err := w.attach(commands.AttachDocument{CommunicationID: entry.CommunicationID, Name: "brev.pdf", Content: bytes.NewReader(pdf(t, 5000))})
	must(t, err)
	w.seen("documents", res.Position)
	list, err := documents.ForCommunication(context.Background(), w.pool, entry.CommunicationID)
	must(t, err)
	if len(list) != 1 || list[0].DataSubject != anna || list[0].MatterID != "" {
		t.Fatalf("entry's documents %+v", list)
	}

	_, err = w.keys.Shred(context.Background(), anna)
	must(t, err)
	_, err = w.blobs.Open(context.Background(), res.DocumentID, anna)
	refusedWith(t, err, domain.KindErased, "document.erased")
	must(t, w.rt.Rebuild(context.Background(), "documents", nil))
	list, err = documents.ForCommunication(context.Background(), w.pool, entry.CommunicationID)
	must(t, err)
	if len(list) != 1 || !list[0].Erased || list[0].Name != "" {
		t.Fatalf("after erasure the entry lists %+v", list)
	}
	_, err = w.attach(commands.AttachDocument{CommunicationID: entry.CommunicationID, Name: "mer.pdf", Content: bytes.NewReader(pdf(t, 100))})
	refusedWith(t, err, domain.KindErased, "communication.erased")
}

func TestRemoveDocumentDeletesTheBytes(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	matter := w.openMatter()
	entry := w.logEntry(commands.LogCommunication{Links: communication.Links{MatterID: matter},
		Details: phoneCall(today, "Möte", "")})
	res, err := w.attach(commands.AttachDocument{CommunicationID: entry.CommunicationID, Name: "bilaga.docx",
		Content: bytes.NewReader(append([]byte("PK\x03\x04"), make([]byte, 3000)...))})
	must(t, err)
	if res.ContentType != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		t.Fatalf("content type %q", res.ContentType)
	}
	w.seen("documents", res.Position)
	if list, _ := documents.ForMatter(context.Background(), w.pool, matter); len(list) != 1 || list[0].CommunicationID != entry.CommunicationID {
		t.Fatalf("an entry's document is not listed with its matter: %+v", list)
	}
	remove, err := commands.NewRemoveDocumentHandler(w.docs)
	must(t, err)
	removed, err := remove.Handle(context.Background(), commands.RemoveDocument{Actor: staff, DocumentID: res.DocumentID})
	must(t, err)
	if n := w.rows("document_blobs"); n != 0 {
		t.Fatalf("%d blobs after removal", n)
	}
	again, err := remove.Handle(context.Background(), commands.RemoveDocument{Actor: staff, DocumentID: res.DocumentID, ExpectedVersion: removed.Version})
	if err != nil || again.Version != removed.Version {
		t.Fatalf("removing again: %+v, %v", again, err)
	}
	w.seen("documents", removed.Position)
	if list, _ := documents.ForMatter(context.Background(), w.pool, matter); len(list) != 0 {
		t.Fatalf("removed document still listed: %+v", list)
	}
	_, err = w.attach(commands.AttachDocument{DocumentID: res.DocumentID, MatterID: matter, Name: "x.pdf", Content: bytes.NewReader(pdf(t, 100))})
	refusedWith(t, err, domain.KindConflict, "document.id.taken")
}

func TestDocumentConstructorsRefuseNil(t *testing.T) {
	t.Parallel()
	if _, err := commands.NewDocuments(nil, nil, nil, nil, 0); err == nil {
		t.Error("NewDocuments accepted nil dependencies")
	}
	if _, err := commands.NewCommunications(nil, nil, nil); err == nil {
		t.Error("NewCommunications accepted nil dependencies")
	}
	for name, construct := range map[string]func() error{
		"attach":   func() error { _, err := commands.NewAttachDocumentHandler(nil); return err },
		"remove":   func() error { _, err := commands.NewRemoveDocumentHandler(nil); return err },
		"log":      func() error { _, err := commands.NewLogCommunicationHandler(nil); return err },
		"correct":  func() error { _, err := commands.NewCorrectCommunicationHandler(nil); return err },
		"followup": func() error { _, err := commands.NewFollowUpHandler(nil); return err },
	} {
		if construct() == nil {
			t.Errorf("%s: constructor accepted a nil repository", name)
		}
	}
}
