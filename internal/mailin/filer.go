package mailin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	commcmd "github.com/klient-crm/klient/commands/communication"
	documentcmd "github.com/klient-crm/klient/commands/document"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/documents"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/outbox"
	"github.com/klient-crm/klient/projections/staff"
)

// Config is what the filer works with.
type Config struct {
	Pool   *pgxpool.Pool                      // the read models (matters, contacts, staff) and the queue
	Blobs  *documents.Store                   // where a held message waits, sealed with its own key
	Log    *commcmd.LogCommunicationHandler   // files the e-mail as an entry of the matter's log
	Attach *documentcmd.AttachDocumentHandler // files its attachments as the entry's documents
	Keys   journal.KeyShredder                // destroys a held message's key once filed or discarded
	Index  IndexKeys                          // hashes a held message's addresses (outbox.HeldAddressIndex)
	Clock  func() time.Time                   // now; time.Now if nil
	Limit  int64                              // the largest message and attachment; 25 MiB if 0
}

// IndexKeys gives the key ring's index keys (*crypto.Keyring).
type IndexKeys interface {
	IndexKey(ctx context.Context, name string) ([]byte, error)
}

// Parts are what Open builds a filer from: the app's store, codec, key
// ring and pool, as `klient serve` and the web edge hold them.
type Parts struct {
	Pool      *pgxpool.Pool
	Store     journal.EventStore
	Codec     journal.EventCodec
	Keys      documents.Sealer    // the key ring: it also gives the index key of held mail's addresses
	Shredder  journal.KeyShredder // journalled: a restore must not make a discarded message readable
	Clock     func() time.Time
	MaxUpload int64 // the largest document (KLIENT_MAX_UPLOAD_BYTES)
}

// MessageLimit is the largest message for documents of maxUpload bytes:
// one such attachment base64-encoded (4/3) and a megabyte for the rest.
func MessageLimit(maxUpload int64) int64 { return maxUpload/3*4 + 1<<20 }

// Open builds a filer over p with the commands the pages use.
func Open(p Parts) (*Filer, error) {
	comms, err := commcmd.NewCommunications(p.Store, p.Codec, p.Clock)
	if err != nil {
		return nil, err
	}
	logH, err := commcmd.NewLogCommunicationHandler(comms)
	if err != nil {
		return nil, err
	}
	index, ok := p.Keys.(IndexKeys)
	if !ok {
		return nil, errors.New("mailin: Open needs the key ring as Keys (its index keys hash held mail's addresses)")
	}
	blobs, err := documents.NewStore(p.Pool, p.Keys, documents.Config{})
	if err != nil {
		return nil, err
	}
	docs, err := documentcmd.NewDocuments(p.Store, p.Codec, p.Clock, blobs, p.MaxUpload)
	if err != nil {
		return nil, err
	}
	attach, err := documentcmd.NewAttachDocumentHandler(docs)
	if err != nil {
		return nil, err
	}
	return NewFiler(Config{Pool: p.Pool, Blobs: blobs, Log: logH, Attach: attach, Keys: p.Shredder, Index: index, Clock: p.Clock,
		Limit: MessageLimit(p.MaxUpload)})
}

// Filer files incoming e-mail under matters, or holds it for review.
type Filer struct{ cfg Config }

// NewFiler checks cfg.
func NewFiler(cfg Config) (*Filer, error) {
	if cfg.Pool == nil || cfg.Blobs == nil || cfg.Log == nil || cfg.Attach == nil || cfg.Keys == nil || cfg.Index == nil {
		return nil, errors.New("mailin: NewFiler needs a pool, the document store, the log and attach handlers, a key shredder and the index keys")
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Limit <= 0 {
		cfg.Limit = communication.DefaultMaxDocumentSize
	}
	return &Filer{cfg: cfg}, nil
}

// Sender is the staff member who handed the message to Klient, as the
// access rules see them.
type Sender struct {
	StaffID string
	Viewer  access.Viewer
	walls   []access.Target
}

// SenderOf reads the active member staffID and their walls; a member who
// may not log communications and upload documents is refused.
func (f *Filer) SenderOf(ctx context.Context, staffID string, roles []access.Role) (Sender, error) {
	m, err := staff.Get(ctx, f.cfg.Pool, staffID)
	if err != nil || !m.Active {
		if domain.KindOf(err) == domain.KindInternal {
			return Sender{}, err
		}
		return Sender{}, errNotStaff
	}
	if !access.Allows(roles, access.CommunicationLog) || !access.Allows(roles, access.DocumentUpload) {
		return Sender{}, errNotStaff
	}
	walls, err := staff.WalledTargets(ctx, f.cfg.Pool, m.Viewer())
	if err != nil {
		return Sender{}, domain.Internal(err)
	}
	return Sender{StaffID: m.ID, Viewer: m.Viewer(), walls: walls}, nil
}

var errNotStaff = domain.Forbidden("only staff who may keep a matter's log may file e-mail").WithCode("mailin.sender.not_staff")

func (s Sender) walled(kind access.TargetKind, id string) bool {
	return slices.ContainsFunc(s.walls, func(t access.Target) bool { return t.Kind == kind && strings.EqualFold(t.ID, id) })
}

func (s Sender) actor() journal.Actor {
	return journal.Actor{ID: s.StaffID, Unseen: func(id string) bool { return s.walled(access.TargetContact, id) }}
}

// Outcome is what became of one message.
type Outcome struct {
	MatterID        string              // filed: the matter
	CommunicationID string              // filed: the log entry
	Documents       int                 // filed: its attachments
	Position        eventstore.Position // filed: the last write, for a page to wait for
	HeldID          string              // held: the queue's ID
	Reason          string              // held: why (outbox.Held*)
}

// numberPattern is a matter number, YYYY-NNNN, as a plus-address or the
// subject names it.
var numberPattern = regexp.MustCompile(`\b(\d{4}-\d{4})\b`)

// File files raw, which sender handed over for the recipients of the SMTP
// envelope: under the matter a recipient's plus-address (arende+2026-0042@…)
// or else the subject names, if the sender may see it and it takes
// entries; else into the sender's review queue. A malformed message, or
// an attachment of a type Klient does not keep, is refused with nothing
// written. The same message again (by Message-ID, or its bytes) files
// nothing twice.
func (f *Filer) File(ctx context.Context, sender Sender, recipients []string, raw []byte) (Outcome, error) {
	msg, err := f.readable(raw)
	if err != nil {
		return Outcome{}, err
	}
	id := messageID(sender.StaffID, msg, raw)
	number := numberIn(recipients, msg.Subject)
	if number == "" {
		return f.hold(ctx, sender, id, raw, msg, outbox.HeldNoMatter)
	}
	m, err := matters.ByNumber(ctx, f.cfg.Pool, number)
	switch {
	case domain.IsKind(err, domain.KindNotFound) || domain.IsKind(err, domain.KindErased):
		return f.hold(ctx, sender, id, raw, msg, outbox.HeldUnknownMatter)
	case err != nil:
		return Outcome{}, domain.Internal(err)
	}
	if reason := f.refusal(sender, m); reason != "" {
		return f.hold(ctx, sender, id, raw, msg, reason)
	}
	return f.file(ctx, sender, id, m, msg)
}

// readable parses raw and checks every attachment's type and size before
// anything is written.
func (f *Filer) readable(raw []byte) (Message, error) {
	if int64(len(raw)) > f.cfg.Limit {
		return Message{}, ErrTooLarge
	}
	msg, err := Parse(raw)
	if err != nil {
		return Message{}, err
	}
	// A refusal names an attachment by its place, never by its file name:
	// the reply passes through the sender's servers and their logs.
	for i, a := range msg.Attachments {
		head := a.Content[:min(len(a.Content), communication.SniffLength)]
		if len(a.Content) == 0 {
			return Message{}, malformed("bilaga %d av %d är tom", i+1, len(msg.Attachments))
		}
		if _, err := communication.DocumentType(a.Name, communication.Sniff(head)); err != nil {
			return Message{}, malformed("bilaga %d av %d är av en typ som inte arkiveras (tillåtna: pdf, Word, Excel, bilder, text, e-post)",
				i+1, len(msg.Attachments))
		}
	}
	return msg, nil
}

// ErrTooLarge is a message over the limit.
var ErrTooLarge = errors.New("mailin: the message is larger than the limit")

// refusal says why sender may not file under m, or "": a matter the
// sender may not see is one that does not exist.
func (f *Filer) refusal(sender Sender, m matters.Matter) string {
	if !m.VisibleTo(sender.Viewer) || sender.walled(access.TargetMatter, m.ID) ||
		slices.ContainsFunc(m.ClientIDs, func(c string) bool { return sender.walled(access.TargetContact, c) }) {
		return outbox.HeldUnknownMatter
	}
	if m.Status == matter.StatusArchived {
		return outbox.HeldArchived
	}
	return ""
}

// numberIn finds the matter number in a recipient's plus-address first,
// then in the subject.
func numberIn(recipients []string, subject string) string {
	for _, r := range recipients {
		local, _, _ := strings.Cut(r, "@")
		if _, tag, ok := strings.Cut(local, "+"); ok {
			if n := numberPattern.FindString(tag); n != "" && n == tag {
				return n
			}
		}
	}
	return numberPattern.FindString(subject)
}

// messageID is the ID the message is filed or held under: the same for
// the same message from the same member, so a retry writes nothing new.
func messageID(staffID string, msg Message, raw []byte) string {
	key := msg.MessageID
	if key == "" {
		sum := sha256.Sum256(raw)
		key = fmt.Sprintf("sha256:%x", sum)
	}
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte("klient-mailin\x00"+staffID+"\x00"+key)).String()
}

// file logs msg in m's communication log and attaches its files.
func (f *Filer) file(ctx context.Context, sender Sender, id string, m matters.Matter, msg Message) (Outcome, error) {
	links, participants, err := f.people(ctx, sender, msg)
	if err != nil {
		return Outcome{}, err
	}
	at := msg.Date
	now := f.cfg.Clock()
	if at.IsZero() || at.After(now) || at.Year() < 1900 {
		at = now
	}
	res, err := f.cfg.Log.Handle(ctx, commcmd.LogCommunication{Actor: sender.actor(), CommunicationID: id,
		Links: communication.Links{MatterID: m.ID, ContactIDs: links},
		Details: communication.Details{Kind: communication.KindEmail, OccurredAt: at, Participants: participants,
			SubjectLine: cut(msg.Subject, communication.MaxSubjectLineLength), Body: entryText(msg)}})
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{MatterID: m.ID, CommunicationID: res.CommunicationID, Position: res.Position}
	for i, a := range msg.Attachments {
		docID := uuid.NewSHA1(uuid.MustParse(res.CommunicationID), fmt.Appendf(nil, "attachment-%d", i)).String()
		doc, err := f.cfg.Attach.Handle(ctx, documentcmd.AttachDocument{Actor: sender.actor(), DocumentID: docID,
			CommunicationID: res.CommunicationID, Name: a.Name, Content: bytes.NewReader(a.Content)})
		var de *domain.Error
		if err != nil && !(errors.As(err, &de) && de.Code == "document.id.taken") { // taken: an earlier try stored it
			return Outcome{}, err
		}
		out.Documents++
		if err == nil {
			out.Position = doc.Position
		}
	}
	return out, nil
}

// people matches the message's addresses to contacts the sender may see:
// they are the entry's contacts, and the From its participant beside the
// sender.
func (f *Filer) people(ctx context.Context, sender Sender, msg Message) ([]string, []communication.Participant, error) {
	var addrs []string
	for _, a := range append(append([]*mailAddress{msg.From}, msg.To...), msg.Cc...) {
		if a != nil {
			addrs = append(addrs, strings.ToLower(a.Address))
		}
	}
	found, err := contacts.ByEmail(ctx, f.cfg.Pool, addrs)
	if err != nil {
		return nil, nil, domain.Internal(err)
	}
	participants := []communication.Participant{{Kind: communication.ParticipantStaff, ID: sender.StaffID}}
	var links []string
	for i, a := range addrs {
		for _, id := range found[a] {
			if sender.walled(access.TargetContact, id) || slices.Contains(links, id) || len(links) >= communication.MaxParticipants-1 {
				continue
			}
			links = append(links, id)
			if i == 0 {
				participants = append(participants, communication.Participant{Kind: communication.ParticipantContact, ID: id})
			}
		}
	}
	return links, participants, nil
}

// entryText is the entry's note: who wrote to whom and when, then the
// text, cut to what an entry holds.
func entryText(msg Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Från: %s\n", msg.From)
	if len(msg.To) > 0 {
		fmt.Fprintf(&b, "Till: %s\n", joinAddresses(msg.To))
	}
	if len(msg.Cc) > 0 {
		fmt.Fprintf(&b, "Kopia: %s\n", joinAddresses(msg.Cc))
	}
	if len(msg.Attachments) > 0 {
		names := make([]string, len(msg.Attachments))
		for i, a := range msg.Attachments {
			names[i] = a.Name
		}
		fmt.Fprintf(&b, "Bilagor: %s\n", strings.Join(names, ", "))
	}
	b.WriteString("\n")
	b.WriteString(msg.Text)
	const note = "\n\n[Texten är kortad.]"
	if s := b.String(); len(s) > communication.MaxBodyLength {
		return cut(s, communication.MaxBodyLength-len(note)) + note
	}
	return b.String()
}

func joinAddresses(list []*mailAddress) string {
	s := make([]string, len(list))
	for i, a := range list {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

// cut shortens s to at most n bytes of whole characters.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
