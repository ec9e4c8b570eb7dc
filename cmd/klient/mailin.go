package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"

	commcmd "github.com/klient-crm/klient/commands/communication"
	documentcmd "github.com/klient-crm/klient/commands/document"
	"github.com/klient-crm/klient/internal/mailin"
	"github.com/klient-crm/klient/projections/documents"
)

// checkMailIn refuses a listen address or a half certificate.
func (c *Config) checkMailIn() error {
	if c.SMTPListen == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(c.SMTPListen); err != nil {
		return fmt.Errorf("e-mail listen address %q: want host:port, for example 127.0.0.1:2525", c.SMTPListen)
	}
	if (c.SMTPTLSCert == "") != (c.SMTPTLSKey == "") {
		return errors.New("KLIENT_SMTP_TLS_CERT and KLIENT_SMTP_TLS_KEY go together: set both or neither")
	}
	return nil
}

// mailMessageLimit is the largest incoming message: an attachment of the
// upload limit, base64-encoded (4/3), and a megabyte for the rest.
func (a *app) mailMessageLimit() int64 { return a.cfg.MaxUploadBytes/3*4 + 1<<20 }

// mailFiler files incoming e-mail through the commands the pages use,
// destroying a held message's key through the journalled shredder (a
// restore must not make a discarded message readable again).
func (a *app) mailFiler() (*mailin.Filer, error) {
	comms, err := commcmd.NewCommunications(a.store, a.codec, now)
	if err != nil {
		return nil, err
	}
	logH, err := commcmd.NewLogCommunicationHandler(comms)
	if err != nil {
		return nil, err
	}
	blobs, err := documents.NewStore(a.pool, a.keyring, documents.Config{})
	if err != nil {
		return nil, err
	}
	docs, err := documentcmd.NewDocuments(a.store, a.codec, now, blobs, a.cfg.MaxUploadBytes)
	if err != nil {
		return nil, err
	}
	attach, err := documentcmd.NewAttachDocumentHandler(docs)
	if err != nil {
		return nil, err
	}
	return mailin.NewFiler(mailin.Config{Pool: a.pool, Blobs: blobs, Log: logH, Attach: attach,
		Keys: a.erasures().KeyShredder(), Clock: now, Limit: a.mailMessageLimit()})
}

// listenForMail starts the SMTP listener when KLIENT_SMTP_LISTEN names an
// address, and returns a function that waits for it after ctx ends.
func (a *app) listenForMail(ctx context.Context, filer *mailin.Filer) (wait func(), err error) {
	if a.cfg.SMTPListen == "" {
		return func() {}, nil
	}
	var tlsConfig *tls.Config
	if a.cfg.SMTPTLSCert != "" {
		cert, err := tls.LoadX509KeyPair(a.cfg.SMTPTLSCert, a.cfg.SMTPTLSKey)
		if err != nil {
			return nil, fmt.Errorf("e-mail listener's certificate: %w", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	srv, err := mailin.NewServer(mailin.ServerConfig{Filer: filer, Tokens: a.secrets, Log: a.log, TLS: tlsConfig})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", a.cfg.SMTPListen)
	if err != nil {
		return nil, fmt.Errorf("cannot listen for e-mail on %s: %w", a.cfg.SMTPListen, err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Filing reads the matters and contacts: a message taken before
		// they are caught up would be held for want of its matter.
		a.awaitReadModels(ctx)
		if err := srv.Serve(ctx, ln); err != nil {
			a.log.Error("e-mail listener stopped", "error", err)
		}
	}()
	a.log.Info("taking e-mail", "addr", "smtp://"+ln.Addr().String(), "starttls", tlsConfig != nil)
	return func() { <-done }, nil
}
