package http

import (
	"context"
	"io"

	commcmd "github.com/klient-crm/klient/commands/communication"
	documentcmd "github.com/klient-crm/klient/commands/document"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/documents"
)

// FollowUps is *commcmd.FollowUpHandler.
type FollowUps interface {
	HandleClear(ctx context.Context, cmd commcmd.ClearFollowUp) (commcmd.CommunicationResult, error)
}

// CommunicationCommands are the communication log's write side; Correct
// is (*commcmd.CorrectCommunicationHandler).Handle.
type CommunicationCommands struct {
	Log       web.Handles[commcmd.LogCommunication, commcmd.CommunicationResult]
	FollowUps FollowUps
	Correct   web.Handles[commcmd.CorrectCommunication, commcmd.CommunicationResult]
}

// CommunicationDirectory is the communication log's read model;
// CommunicationsReadModel binds it to a database.
type CommunicationDirectory interface {
	ForMatter(ctx context.Context, matterID string, f communications.Filter) ([]communications.Entry, error)
	ForContact(ctx context.Context, contactID string, f communications.Filter) ([]communications.Entry, error)
	Get(ctx context.Context, id string) (communications.Entry, error)
	FollowUpsFor(ctx context.Context, staffID string, limit int) ([]communications.Entry, error)
}

// CommunicationsReadModel returns the CommunicationDirectory over db.
func CommunicationsReadModel(db communications.DB) CommunicationDirectory { return commModel{db} }

type commModel struct{ db communications.DB }

func (m commModel) ForMatter(ctx context.Context, id string, f communications.Filter) ([]communications.Entry, error) {
	return communications.ForMatter(ctx, m.db, id, f)
}

func (m commModel) ForContact(ctx context.Context, id string, f communications.Filter) ([]communications.Entry, error) {
	return communications.ForContact(ctx, m.db, id, f)
}

func (m commModel) Get(ctx context.Context, id string) (communications.Entry, error) {
	return communications.Get(ctx, m.db, id)
}

func (m commModel) FollowUpsFor(ctx context.Context, staffID string, limit int) ([]communications.Entry, error) {
	return communications.FollowUpsFor(ctx, m.db, staffID, limit)
}

// DocumentCommands are the documents' write side.
type DocumentCommands struct {
	Attach web.Handles[documentcmd.AttachDocument, documentcmd.DocumentResult]
}

// BlobOpener is (*documents.Store).Open: a document's decrypted bytes.
type BlobOpener interface {
	Open(ctx context.Context, docID, subject string) (io.ReadCloser, error)
}

// DocumentDirectory is the documents read model, the download record and
// the blob store; DocumentsReadModel binds them.
type DocumentDirectory interface {
	ForMatter(ctx context.Context, matterID string) ([]documents.Document, error)
	Get(ctx context.Context, id string) (documents.Document, error)
	RecordDownload(ctx context.Context, d documents.Download) error
	Open(ctx context.Context, docID, subject string) (io.ReadCloser, error)
}

// DocumentsReadModel returns the DocumentDirectory over db and blobs.
func DocumentsReadModel(db documents.DB, blobs BlobOpener) DocumentDirectory {
	return docModel{db: db, BlobOpener: blobs}
}

type docModel struct {
	db documents.DB
	BlobOpener
}

func (m docModel) ForMatter(ctx context.Context, id string) ([]documents.Document, error) {
	return documents.ForMatter(ctx, m.db, id)
}

func (m docModel) Get(ctx context.Context, id string) (documents.Document, error) {
	return documents.Get(ctx, m.db, id)
}

func (m docModel) RecordDownload(ctx context.Context, d documents.Download) error {
	return documents.RecordDownload(ctx, m.db, d)
}
