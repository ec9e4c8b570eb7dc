package main

import (
	"errors"

	commcmd "github.com/klient-crm/klient/commands/communication"
	documentcmd "github.com/klient-crm/klient/commands/document"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/projections/documents"
	"github.com/klient-crm/klient/projections/staff"
)

// daily is the write side of a lawyer's daily work.
type daily struct {
	work           *workcmd.Work
	communications *commcmd.Communications
	documents      *documentcmd.Documents
	blobs          *documents.Store // encrypted document bytes
}

func (a *app) wireDaily() error {
	var err1, err2, err3, err4 error
	a.work, err1 = workcmd.NewWork(a.store, a.codec, now, staff.NewRoster(a.pool))
	a.communications, err2 = commcmd.NewCommunications(a.store, a.codec, now)
	a.blobs, err3 = documents.NewStore(a.pool, a.keyring, documents.Config{})
	if err3 == nil {
		a.documents, err4 = documentcmd.NewDocuments(a.store, a.codec, now, a.blobs, a.cfg.MaxUploadBytes)
	}
	return errors.Join(err1, err2, err3, err4)
}
