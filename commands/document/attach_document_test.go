package document_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/klient-crm/klient/commands/commandtest"
	documentcmd "github.com/klient-crm/klient/commands/document"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/documents"
)

// pdf is n bytes that sniff as a PDF: the header, then random bytes.
func pdf(t *testing.T, n int) []byte {
	b := make([]byte, n)
	_, err := rand.Read(b)
	must(t, err)
	return append([]byte("%PDF-1.7\n"), b[9:]...)
}

// logWorld is the shared log world with the document tests' own step.
type logWorld struct{ *commandtest.LogWorld }

func newLogWorld(t *testing.T) logWorld { return logWorld{commandtest.NewLogWorld(t)} }

func (w logWorld) attach(cmd documentcmd.AttachDocument) (documentcmd.DocumentResult, error) {
	h, err := documentcmd.NewAttachDocumentHandler(w.Docs)
	must(w.T, err)
	cmd.Actor = staff
	return h.Handle(context.Background(), cmd)
}

// A 3.5 MiB file is stored in sealed chunks, listed with its matter, and
// downloads (recorded) equal to what was uploaded.
func TestAttachToMatterAndDownload(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	matter := w.OpenMatter()
	file := pdf(t, 7<<20/2)
	res, err := w.attach(documentcmd.AttachDocument{MatterID: matter, Name: `C:\fakepath\Avtal Secret-name-4411.pdf`, Content: bytes.NewReader(file)})
	must(t, err)
	if res.Size != int64(len(file)) || res.ContentType != "application/pdf" {
		t.Fatalf("result %+v", res)
	}
	if n := w.Rows(`events WHERE position('Secret-name-4411' in convert_from(data, 'UTF8')) > 0`); n != 0 {
		t.Fatal("the file name is stored in the clear")
	}
	w.Seen("documents", res.Position)
	list, err := documents.ForMatter(context.Background(), w.Pool, matter)
	must(t, err)
	want := sha256.Sum256(file)
	if len(list) != 1 || list[0].Name != "Avtal Secret-name-4411.pdf" || list[0].Size != int64(len(file)) ||
		list[0].UploadedBy != staff.ID || !bytes.Equal(list[0].SHA256, want[:]) || list[0].DataSubject != "matter-"+matter {
		t.Fatalf("matter's documents %+v", list)
	}
	must(t, documents.RecordDownload(context.Background(), w.Pool, documents.Download{DocumentID: res.DocumentID, StaffID: staff.ID}))
	rc, err := w.Blobs.Open(context.Background(), res.DocumentID, list[0].DataSubject)
	must(t, err)
	defer rc.Close()
	h := sha256.New()
	_, err = io.Copy(h, rc)
	must(t, err)
	if !bytes.Equal(h.Sum(nil), want[:]) {
		t.Fatal("the download differs from the upload")
	}
	if got, _ := documents.Downloads(context.Background(), w.Pool, res.DocumentID); len(got) != 1 {
		t.Fatalf("downloads %+v", got)
	}
}

func TestAttachRefusalsStoreNothing(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	w.Repositories(w.Store, 1<<20)
	matter := w.OpenMatter()
	for _, tt := range []struct {
		name    string
		content []byte
		cmd     documentcmd.AttachDocument
		code    string
	}{
		{"Avtal.pdf", pdf(t, 3<<20/2), documentcmd.AttachDocument{MatterID: matter}, "document.too_large"},
		{"Avtal.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), documentcmd.AttachDocument{MatterID: matter}, "document.type.mismatch"},
		{"run.exe", []byte("MZ\x90\x00"), documentcmd.AttachDocument{MatterID: matter}, "document.type.unsupported"},
		{"tom.pdf", nil, documentcmd.AttachDocument{MatterID: matter}, "document.empty"},
		{"Avtal.pdf", pdf(t, 100), documentcmd.AttachDocument{MatterID: "0195a1b2-0000-7000-8000-000000000000"}, "communication.matter.not_found"},
		{"Avtal.pdf", pdf(t, 100), documentcmd.AttachDocument{}, "document.target.required"},
	} {
		tt.cmd.Name, tt.cmd.Content = tt.name, bytes.NewReader(tt.content)
		_, err := w.attach(tt.cmd)
		if domain.KindOf(err) != domain.KindInvalid || errorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.code, err, tt.code)
		}
	}
	if n := w.Rows("document_blobs") + w.Rows(`events WHERE stream LIKE 'document-%'`); n != 0 {
		t.Fatalf("%d rows written for refused uploads", n)
	}
}

// failingAppends is an event store whose appends to document streams fail.
type failingAppends struct{ journal.EventStore }

func (f failingAppends) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events []eventstore.Envelope) (eventstore.AppendResult, error) {
	if strings.HasPrefix(stream, "document-") {
		return eventstore.AppendResult{}, errors.New("disk full")
	}
	return f.EventStore.Append(ctx, stream, expected, events)
}

func TestAttachDeletesTheBytesWhenTheAppendFails(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	matter := w.OpenMatter()
	w.Repositories(failingAppends{w.Store}, 0)
	_, err := w.attach(documentcmd.AttachDocument{MatterID: matter, Name: "a.pdf", Content: bytes.NewReader(pdf(t, 2<<20))})
	if domain.KindOf(err) != domain.KindInternal {
		t.Fatalf("attach with a failing store: %v", err)
	}
	if n := w.Rows("document_blobs") + w.Rows("document_blob_chunks"); n != 0 {
		t.Fatalf("%d blob rows left behind", n)
	}
}

func errorCode(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
