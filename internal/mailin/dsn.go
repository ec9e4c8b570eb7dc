package mailin

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/projections/outbox"
)

// DSN is what Klient reads of a delivery status notification (RFC 3464):
// the Message-ID of the e-mail it reports on, and for each recipient the
// action and status.
type DSN struct {
	OriginalMessageID string
	Recipients        []RecipientStatus
}

// RecipientStatus is one per-recipient block of a DSN.
type RecipientStatus struct {
	Action string // failed, delayed, delivered, relayed, expanded
	Status string // 5.1.1
}

// ErrNotDSN is a message that is not a delivery status notification.
var ErrNotDSN = errors.New("mailin: not a delivery status notification")

var statusCode = regexp.MustCompile(`^[245]\.\d{1,3}\.\d{1,3}$`)

// ParseDSN reads raw as a multipart/report of report-type
// delivery-status: its message/delivery-status part, and the Message-ID
// of the returned message from its message/rfc822 or
// text/rfc822-headers part.
func ParseDSN(raw []byte) (DSN, error) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return DSN{}, ErrNotDSN
	}
	mediaType, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/report" || !strings.EqualFold(params["report-type"], "delivery-status") || params["boundary"] == "" {
		return DSN{}, ErrNotDSN
	}
	var d DSN
	r := multipart.NewReader(m.Body, params["boundary"])
	for parts := 0; parts < maxParts; parts++ {
		p, err := r.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return DSN{}, malformed("en del av leveransrapporten slutar inte som den ska")
		}
		body, err := decodeTransfer(p.Header.Get("Content-Transfer-Encoding"), p)
		if err != nil {
			return DSN{}, err
		}
		switch t, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); t {
		case "message/delivery-status", "message/global-delivery-status":
			d.Recipients = statusBlocks(body)
		case "message/rfc822", "text/rfc822-headers", "message/rfc822-headers", "message/global", "message/global-headers":
			h, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(append(body, '\r', '\n', '\r', '\n')))).ReadMIMEHeader()
			if err == nil || h != nil {
				d.OriginalMessageID = strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>")
			}
		}
	}
	if len(d.Recipients) == 0 {
		return DSN{}, malformed("leveransrapporten saknar en del message/delivery-status")
	}
	return d, nil
}

// statusBlocks reads the per-recipient blocks of a delivery-status body:
// header-like fields, blocks apart by blank lines, the first block the
// per-message fields.
func statusBlocks(body []byte) []RecipientStatus {
	var out []RecipientStatus
	blocks := strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n\n")
	for _, b := range blocks {
		var rs RecipientStatus
		for _, line := range strings.Split(b, "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "action":
				rs.Action = strings.ToLower(strings.TrimSpace(v))
			case "status": // the code, before any comment; none when blank
				if f := strings.Fields(v); len(f) > 0 {
					rs.Status = f[0]
				}
			}
		}
		if rs.Action != "" {
			out = append(out, rs)
		}
	}
	return out
}

// Bounce applies a DSN to the outbox: a failed recipient marks the e-mail
// it reports on bounced, with the DSN's status. Klient's Message-IDs are
// the mail's ID at the sender's domain (internal/mailer); a report on any
// other message (or a delay, or a success) changes nothing and is no
// error, so a report about someone else's mail is not bounced back.
func (f *Filer) Bounce(ctx context.Context, raw []byte) (mailID string, bounced bool, err error) {
	if int64(len(raw)) > f.cfg.Limit {
		return "", false, ErrTooLarge
	}
	d, err := ParseDSN(raw)
	if err != nil {
		return "", false, err
	}
	local, _, _ := strings.Cut(d.OriginalMessageID, "@")
	id, err := uuid.Parse(local)
	if err != nil {
		return "", false, nil
	}
	for _, rs := range d.Recipients {
		if rs.Action != "failed" {
			continue
		}
		code := "dsn"
		if statusCode.MatchString(rs.Status) {
			code += "." + rs.Status
		}
		found, err := outbox.NewQueue(f.cfg.Pool).Bounced(ctx, id.String(), code)
		if err != nil {
			return "", false, domain.Internal(err)
		}
		return id.String(), found, nil
	}
	return id.String(), false, nil
}
