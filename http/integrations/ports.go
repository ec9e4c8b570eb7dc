package integrations

import (
	"context"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/eventstore"

	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	"github.com/klient-crm/klient/projections/integrations"
)

// Deps are what the integrations' routes need.
type Deps struct {
	// Feed reads the integration feed's read model
	// (integrations.NewFeed(pool)).
	Feed FeedReader
	// Webhooks are the subscriptions and their delivery log
	// (integrations.NewWebhooks(pool)).
	Webhooks WebhookStore
	// Processors are those a webhook may be tied to: the DPO's register
	// of processors, those with their agreement signed
	// (ProcessorsReadModel(pool)).
	Processors ProcessorRegister
	// Secrets seals a new subscription's signing secret (*crypto.Keyring).
	Secrets Sealer
	// Keys destroys a deleted subscription's signing key, journalled as
	// an erasure's are, so that no restore of the key store brings back a
	// secret that signs for a webhook that is gone
	// (erasure.Jobs.KeyShredder).
	Keys journal.KeyShredder
	// Deliver sends a test message or an entry again now, from the
	// webhook's page (*webhooks.Sender).
	Deliver Deliverer
	// Log says where the log ends: a new webhook starts there once the
	// feed has applied it (*projections.Runtime).
	Log LogHead
	// AllowPrivate accepts webhook addresses over plain HTTP and on
	// private or loopback addresses (KLIENT_WEBHOOK_ALLOW_PRIVATE:
	// development and tests only).
	AllowPrivate bool
}

// Deliverer sends by hand: a test message, or an entry the webhook was
// sent before, again; each recorded in the delivery log, marked.
type Deliverer interface {
	Test(ctx context.Context, id string) (integrations.Delivery, error)
	Redeliver(ctx context.Context, id, eventID string) (integrations.Delivery, error)
}

// LogHead is the position of the log's last committed event, even one
// the store does not show its readers yet.
type LogHead interface {
	Head(ctx context.Context) (eventstore.Position, error)
}

// WebhookStore keeps the subscriptions (integrations.Webhooks).
type WebhookStore interface {
	Create(ctx context.Context, s integrations.Subscription, from integrations.Position) error
	List(ctx context.Context) ([]integrations.Subscription, error)
	Get(ctx context.Context, id string) (integrations.Subscription, error)
	Resume(ctx context.Context, id string) error
	Delete(ctx context.Context, id string) error
	Deliveries(ctx context.Context, id string, limit int) ([]integrations.Delivery, error)
}

var _ WebhookStore = integrations.Webhooks{}

// ProcessorRegister reads the processors a webhook may be tied to from
// the DPO's read model (projections/dpo), through its own query: the
// model's tables are its own.
type ProcessorRegister interface {
	SignedProcessors(ctx context.Context) ([]dpomodel.SignedProcessor, error)
}

// ProcessorsReadModel returns the ProcessorRegister over db.
func ProcessorsReadModel(db dpomodel.DB) ProcessorRegister { return processorModel{db} }

type processorModel struct{ db dpomodel.DB }

func (m processorModel) SignedProcessors(ctx context.Context) ([]dpomodel.SignedProcessor, error) {
	return dpomodel.SignedProcessors(ctx, m.db)
}

// Sealer seals a secret with a subject's key.
type Sealer interface {
	Seal(ctx context.Context, subject string, plaintext, associatedData []byte) ([]byte, error)
}

// FeedReader reads the feed's entries a reader may see, in log order.
type FeedReader interface {
	Read(ctx context.Context, r integrations.Reader, after integrations.Position, limit int) ([]integrations.Entry, error)
}

var _ FeedReader = integrations.Feed{}

// Validate names what is missing.
func (d Deps) Validate(check func(ok bool, name string)) {
	check(web.Present(d.Feed), "Integrations.Feed")
	check(web.Present(d.Webhooks), "Integrations.Webhooks")
	check(web.Present(d.Processors), "Integrations.Processors")
	check(web.Present(d.Secrets), "Integrations.Secrets")
	check(web.Present(d.Keys), "Integrations.Keys")
	check(web.Present(d.Log), "Integrations.Log")
	check(web.Present(d.Deliver), "Integrations.Deliver")
}
