package integrations

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/integrations"
)

// WebhookDeliveryJSON is one attempt of a webhook's, as its delivery log
// has it: the receiver's status code and a code of Klient's own for a
// failure, never the receiver's words.
type WebhookDeliveryJSON struct {
	EventID    string    `json:"event_id"`
	Kind       string    `json:"kind"`
	Outcome    string    `json:"outcome"`
	StatusCode int       `json:"status_code,omitempty"`
	Error      string    `json:"error,omitempty"`
	DurationMS int64     `json:"duration_ms"`
	At         time.Time `json:"at"`
	Manual     string    `json:"manual"`
}

func deliveryJSON(d integrations.Delivery) WebhookDeliveryJSON {
	return WebhookDeliveryJSON{EventID: d.EventID, Kind: d.Kind, Outcome: d.Outcome, StatusCode: d.StatusCode,
		Error: d.Error, DurationMS: d.Duration.Milliseconds(), At: d.At.UTC(), Manual: d.Manual}
}

// apiTestWebhook answers POST /api/v1/webhooks/{id}/test: the test
// message's attempt (a receiver's refusal is an outcome, not an error).
func (s *Handlers) apiTestWebhook(w http.ResponseWriter, r *http.Request) {
	d, err := s.deps.Deliver.Test(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, deliveryJSON(d))
}

// apiRedeliver answers POST /api/v1/webhooks/{id}/deliveries/{event}/redeliver:
// the attempt of the entry sent again.
func (s *Handlers) apiRedeliver(w http.ResponseWriter, r *http.Request) {
	d, err := s.deps.Deliver.Redeliver(r.Context(), chi.URLParam(r, "id"), chi.URLParam(r, "event"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, deliveryJSON(d))
}
