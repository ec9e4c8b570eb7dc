package gdpr

import (
	"github.com/jackc/pgx/v5"

	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// Every request statement after the receipt is guarded by the row's
// version, so a replayed or older event changes nothing.
const (
	requestReceivedSQL = `INSERT INTO gdpr_requests_v1 (request_id, subject_id, kind, channel, status, received_at,
		deadline, requester_note, version, updated_at) VALUES ($1, $2, $3, $4, 'open', $5, $6::date, $7, $8, $9)
		ON CONFLICT (request_id) DO NOTHING`
	requestStep  = `, version = $2, updated_at = $3 WHERE request_id = $1 AND version < $2`
	verifiedSQL  = `UPDATE gdpr_requests_v1 SET verified_at = $3, verified_how = $4, verified_by = $5` + requestStep
	extendedSQL  = `UPDATE gdpr_requests_v1 SET deadline = $4::date, extended = true, extension_reason = $5` + requestStep
	assignedSQL  = `UPDATE gdpr_requests_v1 SET handler = $4` + requestStep
	completedSQL = `UPDATE gdpr_requests_v1 SET status = 'completed', completed_at = $4, outcome = $5` + requestStep
	refusedSQL   = `UPDATE gdpr_requests_v1 SET status = 'refused', refused_at = $4, refusal_ground = $5` + requestStep
)

// queueRequest adds the statement of a request-stream event and reports
// whether d was one.
func queueRequest(b *pgx.Batch, d eventstore.Decoded) bool {
	f := factOf(d, "")
	head := []any{nil, f.version, f.at}
	switch e := d.Event.(type) {
	case gdprdomain.DataSubjectRequestReceived:
		b.Queue(requestReceivedSQL, e.RequestID, e.SubjectID, e.Kind, e.Channel, e.ReceivedAt,
			dateArg(gdprdomain.Deadline(e.ReceivedAt)), e.RequesterNote, f.version, f.at)
	case gdprdomain.IdentityVerified:
		head[0] = e.RequestID
		b.Queue(verifiedSQL, append(head, e.How, e.By)...)
	case gdprdomain.RequestDeadlineExtended:
		head[0] = e.RequestID
		b.Queue(extendedSQL, append(head, dateArg(e.NewDeadline), e.Reason)...)
	case gdprdomain.RequestAssigned:
		head[0] = e.RequestID
		b.Queue(assignedSQL, append(head, e.Handler)...)
	case gdprdomain.RequestCompleted:
		head[0] = e.RequestID
		b.Queue(completedSQL, append(head, e.CompletedAt, e.Outcome)...)
	case gdprdomain.RequestRefused:
		head[0] = e.RequestID
		b.Queue(refusedSQL, append(head, e.RefusedAt, e.Ground)...)
	default:
		return false
	}
	return true
}
