package mailer

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/klient-crm/klient/domain/communication"
)

// Server is where Klient hands its e-mail over, from KLIENT_SMTP_URL:
//
//	smtp://[user:password@]host[:port]   port 587 by default; STARTTLS when the server offers it
//	smtp://…?tls=required                 STARTTLS or nothing
//	smtps://[user:password@]host[:port]   TLS from the first byte, port 465 by default
//
// A user name means SMTP AUTH (the best mechanism the server offers over
// TLS; PLAIN or LOGIN without TLS only to a loopback address).
type Server struct {
	url  *url.URL
	host string
	port int
}

// ParseServer reads an SMTP URL; its errors never repeat the password.
func ParseServer(raw string) (Server, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Server{}, errors.New("SMTP URL: not a URL (smtp://host:port or smtps://host:port)")
	}
	s := Server{url: u, host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		s.port = 587
	case "smtps":
		s.port = 465
	default:
		return Server{}, fmt.Errorf("SMTP URL: scheme %q: use smtp:// or smtps://", u.Scheme)
	}
	if s.host == "" {
		return Server{}, errors.New("SMTP URL: no host")
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil || s.port < 1 || s.port > 65535 {
			return Server{}, fmt.Errorf("SMTP URL: port %q is not a port", p)
		}
	}
	switch t := u.Query().Get("tls"); t {
	case "", "required":
	default:
		return Server{}, fmt.Errorf("SMTP URL: tls=%q: leave it out, or tls=required", t)
	}
	return s, nil
}

// Address is host:port, for messages and logs (never the credentials).
func (s Server) Address() string { return net.JoinHostPort(s.host, strconv.Itoa(s.port)) }

// options are the SMTP client's settings for s.
func (s Server) options(timeout time.Duration) []gomail.Option {
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(timeout)}
	switch {
	case s.url.Scheme == "smtps":
		opts = append(opts, gomail.WithSSL())
	case s.url.Query().Get("tls") == "required":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if user := s.url.User; user != nil && user.Username() != "" {
		pass, _ := user.Password()
		opts = append(opts, gomail.WithUsername(user.Username()), gomail.WithPassword(pass))
		if ip := net.ParseIP(s.host); s.host == "localhost" || (ip != nil && ip.IsLoopback()) {
			opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlainNoEnc))
		} else {
			opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover))
		}
	}
	return opts
}

// Sender address: KLIENT_MAIL_FROM, "Byrån <info@byran.se>" or a bare address.
type From struct {
	Name, Address string
}

// ParseFrom reads KLIENT_MAIL_FROM.
func ParseFrom(raw string) (From, error) {
	a, err := mail.ParseAddress(raw)
	if err != nil {
		return From{}, fmt.Errorf("mail from %q: not an e-mail address (\"Byrån <info@byran.se>\")", raw)
	}
	return From{Name: a.Name, Address: a.Address}, nil
}

// domain is the part of the address after @, for Message-IDs.
func (f From) domain() string {
	_, d, _ := strings.Cut(f.Address, "@")
	return d
}

// MessageID is the Message-ID of e-mail mailID, without the brackets: the
// same for every attempt, so a receiver can tell a resend from a new mail.
func (f From) MessageID(mailID string) string { return mailID + "@" + f.domain() }

// message builds the MIME message of one e-mail: text/plain in UTF-8
// (quoted-printable), headers in Swedish encoded as RFC 2047 words, and
// for a campaign one-click unsubscribe (RFC 8058) and bulk precedence.
func (f From) message(mailID string, m communication.Mail, now time.Time) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.FromFormat(f.Name, f.Address); err != nil {
		return nil, err
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return nil, err
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(f.MessageID(mailID))
	msg.SetDateWithValue(now)
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	if m.Unsubscribe != "" {
		msg.SetGenHeaderPreformatted(gomail.HeaderListUnsubscribe, "<"+m.Unsubscribe+">")
		msg.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
		msg.SetGenHeader(gomail.Header("Precedence"), "bulk")
	}
	return msg, nil
}
