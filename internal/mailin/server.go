package mailin

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// Tokens finds the API token a member authenticates with
// (credentials.Store).
type Tokens interface {
	LookupToken(ctx context.Context, secret string) (credentials.Token, error)
}

// ServerConfig is the listener's.
type ServerConfig struct {
	Filer  *Filer
	Tokens Tokens
	Log    *slog.Logger
	// TLS, when set, is offered with STARTTLS; without it AUTH is offered
	// only on a loopback address, so no token crosses a network in the
	// clear.
	TLS *tls.Config
}

// Server is the SMTP listener of `klient serve` (KLIENT_SMTP_LISTEN):
// staff forward or copy e-mail to it, authenticated with an API token
// (SMTP AUTH PLAIN, the token as the password).
type Server struct {
	cfg ServerConfig
	srv *smtp.Server
}

// maxRecipients bounds one envelope: a forward names the matter's
// address, perhaps a colleague's.
const maxRecipients = 50

// NewServer returns the server for cfg.
func NewServer(cfg ServerConfig) (*Server, error) {
	if cfg.Filer == nil || cfg.Tokens == nil || cfg.Log == nil {
		return nil, errors.New("mailin: NewServer needs a filer, the tokens and a logger")
	}
	s := &Server{cfg: cfg}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "klient"
	s.srv.MaxMessageBytes = cfg.Filer.cfg.Limit
	s.srv.MaxRecipients = maxRecipients
	s.srv.ReadTimeout = 2 * time.Minute
	s.srv.WriteTimeout = 2 * time.Minute
	s.srv.TLSConfig = cfg.TLS
	s.srv.ErrorLog = discard{}
	return s, nil
}

// Serve accepts on l until ctx ends or Close.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	if s.cfg.TLS == nil {
		if a, ok := l.Addr().(*net.TCPAddr); ok && a.IP.IsLoopback() {
			s.srv.AllowInsecureAuth = true
		}
	}
	stop := context.AfterFunc(ctx, func() { _ = s.srv.Close() })
	defer stop()
	err := s.srv.Serve(l)
	if errors.Is(err, smtp.ErrServerClosed) || ctx.Err() != nil {
		return nil
	}
	return err
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// discard silences go-smtp's own log: its lines may quote addresses.
type discard struct{}

func (discard) Printf(string, ...any) {}
func (discard) Println(...any)        {}

// session is one SMTP connection.
type session struct {
	s          *Server
	sender     *Sender
	recipients []string
	// report: a transaction without AUTH from the null sender (MAIL
	// FROM:<>), as mail servers send delivery status notifications; only
	// a DSN is taken from it.
	report bool
}

func (c *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (c *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, _, password string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		tok, err := c.s.cfg.Tokens.LookupToken(ctx, password)
		if err != nil {
			return c.refuseAuth(err)
		}
		if !tok.Allows(access.ScopeCommunicationsWrite) || !tok.Allows(access.ScopeDocumentsWrite) {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8},
				Message: "Nyckeln saknar behörigheterna communications:write och documents:write"}
		}
		sender, err := c.s.cfg.Filer.SenderOf(ctx, tok.CreatedBy, tok.Roles)
		if err != nil {
			return c.refuseAuth(err)
		}
		c.sender = &sender
		return nil
	}), nil
}

func (c *session) refuseAuth(err error) error {
	if domain.KindOf(err) == domain.KindInternal {
		c.s.cfg.Log.Error("mailin: authentication failed", "error", err)
		return temporary
	}
	return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8},
		Message: "Inloggningen nekades: använd en giltig API-nyckel som lösenord"}
}

// authRequired is RFC 4954's answer to a transaction before AUTH.
var authRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0},
	Message: "Logga in med AUTH först: användarnamnet valfritt, en API-nyckel som lösenord"}

var temporary = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0},
	Message: "Klient kan inte ta emot e-post just nu; försök igen senare"}

func (c *session) Mail(from string, _ *smtp.MailOptions) error {
	if c.sender == nil {
		if from != "" {
			return authRequired
		}
		c.report = true
	}
	return nil
}

func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if c.sender == nil && !c.report {
		return authRequired
	}
	c.recipients = append(c.recipients, to)
	return nil
}

// Data files the message and answers how it went. Only a refusal that
// the sender can act on says what was wrong; a failure on Klient's side
// is temporary, so the sending server tries again (and a retry files
// nothing twice).
func (c *session) Data(r io.Reader) error {
	if c.sender == nil && !c.report {
		return authRequired
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		var se *smtp.SMTPError
		if errors.As(err, &se) {
			return se // too large: go-smtp's own 552
		}
		return temporary
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if c.sender == nil {
		return c.bounce(ctx, raw)
	}
	out, err := c.s.cfg.Filer.File(ctx, *c.sender, c.recipients, raw)
	if err != nil {
		return c.refusal(err)
	}
	if out.HeldID != "" {
		c.s.cfg.Log.Info("mailin: held for review", "held_id", out.HeldID, "reason", out.Reason, "staff_id", c.sender.StaffID)
	} else {
		c.s.cfg.Log.Info("mailin: filed", "matter_id", out.MatterID, "communication_id", out.CommunicationID,
			"documents", out.Documents, "staff_id", c.sender.StaffID)
	}
	return nil
}

// refusal maps a filing error to an SMTP reply.
func (c *session) refusal(err error) error {
	var bad ErrMalformed
	switch {
	case errors.As(err, &bad):
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Meddelandet nekades: " + bad.Reason}
	case errors.Is(err, ErrTooLarge):
		return &smtp.SMTPError{Code: 552, EnhancedCode: smtp.EnhancedCode{5, 3, 4}, Message: "Meddelandet är för stort"}
	}
	switch domain.KindOf(err) {
	case domain.KindInvalid, domain.KindConflict, domain.KindForbidden, domain.KindNotFound:
		var de *domain.Error
		code := "okänt"
		if errors.As(err, &de) {
			code = de.Code
		}
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0},
			Message: fmt.Sprintf("Meddelandet kunde inte arkiveras (%s)", code)}
	}
	c.s.cfg.Log.Error("mailin: filing failed", "error", err)
	return temporary
}

// bounce takes a delivery status notification from the null sender: a
// failure marks the e-mail it reports on bounced in the outbox. Anything
// else from an unauthenticated sender is refused.
func (c *session) bounce(ctx context.Context, raw []byte) error {
	mailID, bounced, err := c.s.cfg.Filer.Bounce(ctx, raw)
	switch {
	case errors.Is(err, ErrNotDSN):
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1},
			Message: "Utan inloggning tar Klient bara emot leveransrapporter (DSN)"}
	case err != nil:
		return c.refusal(err)
	}
	if bounced {
		c.s.cfg.Log.Info("mailin: bounce recorded", "mail_id", mailID)
	}
	return nil
}

func (c *session) Reset() { c.recipients, c.report = nil, false }

func (c *session) Logout() error { return nil }
