package gdpr

import (
	"context"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// retentionNamespace seeds the IDs of the erasure requests retention
// files: one per person, the same on every run, so that a run stopped
// half-way is finished by the next instead of begun again beside it.
var retentionNamespace = uuid.MustParse("5b0d1f6e-3c1a-4c55-9d2f-6b1e0a7c4e21")

// RetentionRequestID is the ID of the erasure request retention files for
// subject.
func RetentionRequestID(subject string) string {
	return uuid.NewSHA1(retentionNamespace, []byte(journal.CanonicalID(subject))).String()
}

// retentionIdentity is what the request records as the identity check:
// nobody asked, the firm's schedule did.
const retentionIdentity = "Gallring enligt byråns lagringsregler: ingen begäran från den registrerade"

// erasePerson erases subject through the same steps as an erasure the
// subject asked for (request, approval against the holds, the executor),
// so the key is shredded, the documents deleted, SubjectErased recorded
// and a certificate kept. It returns the request's ID.
func (h *RetentionHandler) erasePerson(ctx context.Context, actor journal.Actor, subject string) (string, error) {
	id := RetentionRequestID(subject)
	if err := h.fileErasure(ctx, actor, subject, id); err != nil {
		return id, err
	}
	_, err := h.d.Eraser.Handle(ctx, EraseSubject{Actor: actor, SubjectID: subject, RequestID: id})
	return id, err
}

// fileErasure brings request id to an approved erasure of subject, doing
// only the steps still missing. A hold that appeared since the plan makes
// RequestErasure refuse (and, for a hold with an end, restrict the subject
// and schedule the erasure for its day, which the erasure scheduler then
// carries out).
func (h *RetentionHandler) fileErasure(ctx context.Context, actor journal.Actor, subject, id string) error {
	e := h.d.Eraser.d
	req, _, err := e.Requests.loader(id)(ctx)
	if err != nil {
		return err
	}
	version := req.Version()
	if !req.Exists() {
		res, err := (&ReceiveRequestHandler{requests: e.Requests}).Handle(ctx, ReceiveRequest{Actor: actor, RequestID: id,
			SubjectID: subject, Kind: domaingdpr.KindErasure, Channel: domaingdpr.ChannelInPerson})
		if err != nil {
			return err
		}
		version = res.Version
	}
	if !req.Verified() {
		_, err := (&VerifyRequestIdentityHandler{requests: e.Requests}).Handle(ctx, VerifyRequestIdentity{Actor: actor,
			RequestID: id, ExpectedVersion: version, How: retentionIdentity})
		if err != nil {
			return err
		}
	}
	s, _, err := e.Subjects.load(ctx, journal.CanonicalID(subject))
	if err != nil || s.ErasureApproved(id) {
		return err
	}
	_, err = e.Planner.Handle(ctx, RequestErasure{Actor: actor, RequestID: id})
	return err
}
