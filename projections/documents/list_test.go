package documents_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/documents"
)

func attached(id, matterID, communicationID, subject, name string) communication.DocumentAttached {
	return communication.DocumentAttached{DocumentID: id, MatterID: matterID, CommunicationID: communicationID,
		DataSubject: subject, Name: name, SHA256: make([]byte, 32), Size: 3, ContentType: "application/pdf",
		UploadedBy: "staff-1"}
}

// attach stores bytes and records the attachment, as the command does.
func (w *world) attach(ev communication.DocumentAttached) {
	w.T.Helper()
	_, _, _, err := w.blobs.Put(context.Background(), ev.DocumentID, ev.DataSubject, strings.NewReader("pdf"), 0)
	must(w.T, err)
	w.Write(communication.DocumentStreamName(ev.DocumentID), ev)
}

func TestListsRemovalAndDownloads(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	matter, entry := newID(), newID()
	subject := communication.MatterSubject(matter)
	a, b, c := newID(), newID(), newID()
	w.attach(attached(a, matter, "", subject, "Stämning.pdf"))
	w.attach(attached(b, matter, entry, subject, "Bilaga.pdf"))
	w.attach(attached(c, "", newID(), "contact-1", "Annat.pdf"))
	w.Run()
	w.caughtUp()

	ctx := context.Background()
	inMatter, err := documents.ForMatter(ctx, w.Pool, matter)
	must(t, err)
	if got := names(inMatter); !slices.Equal(got, []string{"Bilaga.pdf", "Stämning.pdf"}) {
		t.Fatalf("matter lists %v, want newest first", got)
	}
	inEntry, err := documents.ForCommunication(ctx, w.Pool, entry)
	must(t, err)
	if len(inEntry) != 1 || inEntry[0].ID != b || inEntry[0].UploadedBy != "staff-1" || inEntry[0].DataSubject != subject {
		t.Fatalf("entry lists %+v", inEntry)
	}

	must(t, documents.RecordDownload(ctx, w.Pool, documents.Download{DocumentID: b, StaffID: "staff-2", CorrelationID: "req-9"}))
	downloads, err := documents.Downloads(ctx, w.Pool, b)
	must(t, err)
	if len(downloads) != 1 || downloads[0].StaffID != "staff-2" || downloads[0].At.IsZero() {
		t.Fatalf("downloads %+v", downloads)
	}
	err = documents.RecordDownload(ctx, w.Pool, documents.Download{DocumentID: b})
	refusedWith(t, err, domain.KindInvalid, "document.download.incomplete")

	w.Write(communication.DocumentStreamName(b), communication.DocumentRemoved{DocumentID: b, DataSubject: subject})
	w.caughtUp()
	if _, err := documents.Get(ctx, w.Pool, b); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("Get of a removed document: %v", err)
	}
	if _, err := w.blobs.Open(ctx, b, subject); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("the removed document's bytes are still there: %v", err)
	}
	if got, _ := documents.ForMatter(ctx, w.Pool, matter); !slices.Equal(names(got), []string{"Stämning.pdf"}) {
		t.Fatalf("after removal the matter lists %v", names(got))
	}
}

// After the key is shredded and the read model rebuilt, the document is
// listed as erased, nameless, and its bytes do not open.
func TestErasedDocumentIsListedAsErased(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	matter, id := newID(), newID()
	subject := communication.MatterSubject(matter)
	w.attach(attached(id, matter, "", subject, "Hemligt.pdf"))
	w.Run()
	w.caughtUp()
	ctx := context.Background()
	_, err := w.Keys.Shred(ctx, subject)
	must(t, err)
	must(t, w.RT.Rebuild(ctx, "documents", nil))

	list, err := documents.ForMatter(ctx, w.Pool, matter)
	must(t, err)
	if len(list) != 1 || !list[0].Erased || list[0].Name != "" || list[0].SHA256 != nil || list[0].Size != 3 {
		t.Fatalf("erased document listed as %+v", list)
	}
	doc, err := documents.Get(ctx, w.Pool, id)
	refusedWith(t, err, domain.KindErased, "document.erased")
	_, err = w.blobs.Open(ctx, id, doc.DataSubject)
	refusedWith(t, err, domain.KindErased, "document.erased")
}

// Applying the history again, or an older event after a newer one,
// changes nothing.
func TestApplyIsIdempotent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	id := newID()
	w.attach(attached(id, newID(), "", "contact-1", "Ett.pdf"))
	w.Write(communication.DocumentStreamName(id), communication.DocumentRemoved{DocumentID: id, DataSubject: "contact-1"})
	w.Run()
	w.caughtUp()
	before := row(t, w, id)
	envs, err := w.Store.ReadAll(context.Background(), eventstore.Start, 100)
	must(t, err)
	p := documents.NewProjector()
	for _, batch := range [][]eventstore.Envelope{envs, envs[:1]} {
		var decoded []eventstore.Decoded
		for _, env := range batch {
			d, err := w.Codec.Decode(context.Background(), env)
			must(t, err)
			decoded = append(decoded, d)
		}
		must(t, pgx.BeginFunc(context.Background(), w.Pool, func(tx pgx.Tx) error {
			return p.Apply(context.Background(), tx, decoded)
		}))
	}
	if after := row(t, w, id); after != before {
		t.Fatalf("replay changed the row:\n before %s\n after  %s", before, after)
	}
}

func row(t *testing.T, w *world, id string) string {
	t.Helper()
	var s string
	must(t, w.Pool.QueryRow(context.Background(), `SELECT row_to_json(d)::text FROM documents_v1 d WHERE id = $1`, id).Scan(&s))
	return s
}

func names(docs []documents.Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Name
	}
	return out
}
