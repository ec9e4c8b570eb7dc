package mailin

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/smtp"
	"net/textproto"
	"testing"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	documentcmd "github.com/klient-crm/klient/commands/document"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/documents"
)

// world is the app with a lawyer, a client with an e-mail address, a
// matter of the lawyer's for that client, and the SMTP listener on a
// free loopback port.
type world struct {
	t        *testing.T
	app      *apptest.App
	lawyer   string
	secret   string // the lawyer's API token
	client   string
	matterID string
	number   string
	addr     string
	filer    *Filer
	blobs    *documents.Store
}

const clientAddress = "asa.oberg@exempel.se"

func newWorld(t *testing.T) *world {
	t.Helper()
	a := apptest.New(t, apptest.PollInterval(10*time.Millisecond), apptest.CheapPasswords())
	apptest.Live(t, a.Runtime)
	w := &world{t: t, app: a}
	w.lawyer, w.secret = w.member("Lena Advokat", "lena@byran.example")
	c := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Åsa", FamilyName: "Öberg",
		Emails: []contact.Email{{Address: clientAddress}}})
	w.client = c.ContactID
	apptest.Settle(t, a.Runtime, c.Position)
	repo, err := mattercmd.NewMatters(a.Store, a.Codec, apptest.Now, mattercmd.MatterConfig{})
	apptest.Must(t, err)
	open, err := mattercmd.NewOpenMatterHandler(repo)
	apptest.Must(t, err)
	res, err := open.Handle(context.Background(), mattercmd.OpenMatter{Actor: journal.Actor{ID: w.lawyer}, Title: "Öberg ./. Bolaget AB",
		PracticeArea: "processrätt", ResponsibleLawyer: w.lawyer, Parties: []mattercmd.MatterParty{{ContactID: w.client, Role: matter.RoleClient}}})
	apptest.Must(t, err)
	w.matterID, w.number = res.MatterID, res.Number
	apptest.Settle(t, a.Runtime, res.Position)

	comms, err := commcmd.NewCommunications(a.Store, a.Codec, apptest.Now)
	apptest.Must(t, err)
	logH, err := commcmd.NewLogCommunicationHandler(comms)
	apptest.Must(t, err)
	w.blobs, err = documents.NewStore(a.Pool, a.Keys, documents.Config{})
	apptest.Must(t, err)
	docs, err := documentcmd.NewDocuments(a.Store, a.Codec, apptest.Now, w.blobs, 1<<20)
	apptest.Must(t, err)
	attach, err := documentcmd.NewAttachDocumentHandler(docs)
	apptest.Must(t, err)
	w.filer, err = NewFiler(Config{Pool: a.Pool, Blobs: w.blobs, Log: logH, Attach: attach, Keys: shredder{a}, Index: a.Keys, Limit: 1 << 20})
	apptest.Must(t, err)
	srv, err := NewServer(ServerConfig{Filer: w.filer, Tokens: a.Secrets, Log: slog.New(slog.DiscardHandler)})
	apptest.Must(t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	apptest.Must(t, err)
	w.addr = l.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return w
}

// member registers a lawyer with an API token that may file e-mail.
func (w *world) member(name, email string) (string, string) {
	w.t.Helper()
	h, err := staffcmd.NewRegisterStaffMemberHandler(w.app.Staff)
	apptest.Must(w.t, err)
	res, err := h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: journal.Actor{ID: "system-cli"},
		Details: access.StaffDetails{Name: name, Email: email}, Roles: []access.Role{access.RoleLawyer}})
	apptest.Must(w.t, err)
	apptest.Settle(w.t, w.app.Runtime, res.Position)
	secret, _, err := w.app.Secrets.CreateToken(context.Background(), credentials.NewToken{Name: "E-post", Roles: []access.Role{access.RoleLawyer},
		Scopes: []access.Scope{access.ScopeCommunicationsWrite, access.ScopeDocumentsWrite}, CreatedBy: res.StaffID})
	apptest.Must(w.t, err)
	return res.StaffID, secret
}

// send hands msg to the listener as secret's holder would, with the
// envelope's recipients to.
func (w *world) send(secret string, to []string, msg string) error {
	var auth smtp.Auth
	if secret != "" {
		auth = smtp.PlainAuth("", "lena@byran.example", secret, "127.0.0.1")
	}
	return smtp.SendMail(w.addr, auth, "lena@byran.example", to, []byte(msg))
}

// entries waits (bounded) until the matter's log shows want entries, as
// a page would once its projector has caught up, and returns them.
func (w *world) entries(want int) []communications.Entry {
	w.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		got, err := communications.ForMatter(context.Background(), w.app.Pool, w.matterID, communications.Filter{})
		apptest.Must(w.t, err)
		if len(got) >= want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// events counts the log's events.
func (w *world) events() int {
	w.t.Helper()
	envs, err := w.app.Store.ReadAll(context.Background(), eventstore.Position{}, 100000)
	apptest.Must(w.t, err)
	return len(envs)
}

// open reads a document's bytes.
func (w *world) open(d documents.Document) []byte {
	w.t.Helper()
	r, err := w.blobs.Open(context.Background(), d.ID, d.DataSubject)
	apptest.Must(w.t, err)
	defer r.Close()
	b, err := io.ReadAll(r)
	apptest.Must(w.t, err)
	return b
}

// shredder destroys keys as the erasure jobs' shredder does, without the
// tombstone journal a test has no need of.
type shredder struct{ a *apptest.App }

func (s shredder) ShredKey(ctx context.Context, subject string) error {
	_, err := s.a.Keys.Shred(ctx, subject)
	return err
}

// smtpCode is the reply code of a refused exchange, 0 for none.
func smtpCode(err error) int {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}
