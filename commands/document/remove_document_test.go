package document_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	documentcmd "github.com/klient-crm/klient/commands/document"
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
	anna := w.Person("Anna")
	entry := w.LogEntry(commcmd.LogCommunication{Links: communication.Links{ContactIDs: []string{anna}},
		Details: phoneCall(today.Add(-time.Hour), "Brev", "")})
	res, err := w.attach(documentcmd.AttachDocument{CommunicationID: entry.CommunicationID, Name: "brev.pdf", Content: bytes.NewReader(pdf(t, 5000))})
	must(t, err)
	w.Seen("documents", res.Position)
	list, err := documents.ForCommunication(context.Background(), w.Pool, entry.CommunicationID)
	must(t, err)
	if len(list) != 1 || list[0].DataSubject != anna || list[0].MatterID != "" {
		t.Fatalf("entry's documents %+v", list)
	}

	_, err = w.Keys.Shred(context.Background(), anna)
	must(t, err)
	_, err = w.Blobs.Open(context.Background(), res.DocumentID, anna)
	refusedWith(t, err, domain.KindErased, "document.erased")
	must(t, w.RT.Rebuild(context.Background(), "documents", nil))
	list, err = documents.ForCommunication(context.Background(), w.Pool, entry.CommunicationID)
	must(t, err)
	if len(list) != 1 || !list[0].Erased || list[0].Name != "" {
		t.Fatalf("after erasure the entry lists %+v", list)
	}
	_, err = w.attach(documentcmd.AttachDocument{CommunicationID: entry.CommunicationID, Name: "mer.pdf", Content: bytes.NewReader(pdf(t, 100))})
	refusedWith(t, err, domain.KindErased, "communication.erased")
}

func TestRemoveDocumentDeletesTheBytes(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	matter := w.OpenMatter()
	entry := w.LogEntry(commcmd.LogCommunication{Links: communication.Links{MatterID: matter},
		Details: phoneCall(today, "Möte", "")})
	res, err := w.attach(documentcmd.AttachDocument{CommunicationID: entry.CommunicationID, Name: "bilaga.docx",
		Content: bytes.NewReader(append([]byte("PK\x03\x04"), make([]byte, 3000)...))})
	must(t, err)
	if res.ContentType != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		t.Fatalf("content type %q", res.ContentType)
	}
	w.Seen("documents", res.Position)
	if list, _ := documents.ForMatter(context.Background(), w.Pool, matter); len(list) != 1 || list[0].CommunicationID != entry.CommunicationID {
		t.Fatalf("an entry's document is not listed with its matter: %+v", list)
	}
	remove, err := documentcmd.NewRemoveDocumentHandler(w.Docs)
	must(t, err)
	removed, err := remove.Handle(context.Background(), documentcmd.RemoveDocument{Actor: staff, DocumentID: res.DocumentID})
	must(t, err)
	if n := w.Rows("document_blobs"); n != 0 {
		t.Fatalf("%d blobs after removal", n)
	}
	again, err := remove.Handle(context.Background(), documentcmd.RemoveDocument{Actor: staff, DocumentID: res.DocumentID, ExpectedVersion: removed.Version})
	if err != nil || again.Version != removed.Version {
		t.Fatalf("removing again: %+v, %v", again, err)
	}
	w.Seen("documents", removed.Position)
	if list, _ := documents.ForMatter(context.Background(), w.Pool, matter); len(list) != 0 {
		t.Fatalf("removed document still listed: %+v", list)
	}
	_, err = w.attach(documentcmd.AttachDocument{DocumentID: res.DocumentID, MatterID: matter, Name: "x.pdf", Content: bytes.NewReader(pdf(t, 100))})
	refusedWith(t, err, domain.KindConflict, "document.id.taken")
}

func TestDocumentConstructorsRefuseNil(t *testing.T) {
	t.Parallel()
	if _, err := documentcmd.NewDocuments(nil, nil, nil, nil, 0); err == nil {
		t.Error("NewDocuments accepted nil dependencies")
	}
	if _, err := commcmd.NewCommunications(nil, nil, nil); err == nil {
		t.Error("NewCommunications accepted nil dependencies")
	}
	for name, construct := range map[string]func() error{
		"attach":   func() error { _, err := documentcmd.NewAttachDocumentHandler(nil); return err },
		"remove":   func() error { _, err := documentcmd.NewRemoveDocumentHandler(nil); return err },
		"log":      func() error { _, err := commcmd.NewLogCommunicationHandler(nil); return err },
		"correct":  func() error { _, err := commcmd.NewCorrectCommunicationHandler(nil); return err },
		"followup": func() error { _, err := commcmd.NewFollowUpHandler(nil); return err },
	} {
		if construct() == nil {
			t.Errorf("%s: constructor accepted a nil repository", name)
		}
	}
}
