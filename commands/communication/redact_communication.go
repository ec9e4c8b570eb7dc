package communication

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
)

// RedactCommunication replaces an entry's subject line and note with a
// corrected text under a new entry key and destroys the key of the text it
// replaces, so that no earlier version of the text can be read again
// (docs/gdpr.md, "Mentions in other matters"). Who may redact is the
// edge's to check: the data protection officer, or the lawyer responsible
// for the entry's matter.
type RedactCommunication struct {
	Actor           journal.Actor
	CommunicationID string
	ExpectedVersion uint64
	SubjectLine     string
	Body            string
}

// RedactCommunicationHandler handles RedactCommunication.
type RedactCommunicationHandler struct {
	log  *Communications
	keys journal.KeyShredder
}

// NewRedactCommunicationHandler returns the handler.
func NewRedactCommunicationHandler(log *Communications, keys journal.KeyShredder) (*RedactCommunicationHandler, error) {
	if err := requireCommunications("NewRedactCommunicationHandler", log); err != nil {
		return nil, err
	}
	if keys == nil {
		return nil, errors.New("commands.NewRedactCommunicationHandler: a key shredder is required")
	}
	return &RedactCommunicationHandler{log: log, keys: keys}, nil
}

// Handle appends CommunicationTextRedacted, then destroys every key the
// entry's redactions have replaced: a crash between the two leaves the old
// key, and the next redaction of the entry destroys it as well.
func (h *RedactCommunicationHandler) Handle(ctx context.Context, cmd RedactCommunication) (CommunicationResult, error) {
	var retired []string
	res, err := h.log.change(ctx, cmd.Actor, cmd.CommunicationID, cmd.ExpectedVersion,
		func(e *domaincommunication.Entry, now time.Time) ([]domain.Event, error) {
			events, err := e.Redact(cmd.SubjectLine, cmd.Body, now)
			retired = append([]string(nil), e.RetiredKeys()...)
			for _, ev := range events {
				if r, ok := ev.(domaincommunication.CommunicationTextRedacted); ok {
					retired = append(retired, r.Replaced)
				}
			}
			return events, err
		})
	if err != nil {
		return CommunicationResult{}, err
	}
	for _, subject := range retired {
		if err := h.keys.ShredKey(ctx, subject); err != nil {
			return CommunicationResult{}, journal.AsDomainError(err)
		}
	}
	return res, nil
}
