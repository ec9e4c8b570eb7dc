package integrations

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	"github.com/klient-crm/klient/projections/integrations"
)

// webhooksPage is the list of webhooks and the form for a new one.
type webhooksPage struct {
	Webhooks   []webhookRow
	Kinds      []choice
	Roles      []choice
	Processors []dpomodel.SignedProcessor
	Purposes   []integrations.Purpose
	Name       string
	URL        string
	// Processor and Purpose tie the new webhook to a processor in the
	// DPO's register and a purpose, for personal fields; "" for none.
	Processor string
	Purpose   string
	Errors    web.FieldMessages
	Summary   string
	Done      string // catalogue key
}

// webhookRow is one subscription as the list shows it: never its secret.
type webhookRow struct {
	integrations.Subscription
	CreatorName string
}

// choice is one checkbox.
type choice struct {
	Value   string
	Checked bool
}

func choices(all, held []string) []choice {
	out := make([]choice, len(all))
	for i, v := range all {
		out[i] = choice{Value: v, Checked: slices.Contains(held, v)}
	}
	return out
}

func roleNames() []string {
	out := make([]string, len(access.Roles))
	for i, r := range access.Roles {
		out[i] = string(r)
	}
	return out
}

// The refusals of the form, each on its field.
var (
	errWebhookName  = domain.Invalid("name", "name the receiving system").WithCode("webhook.name")
	errWebhookURL   = domain.Invalid("url", "the address must be https, without a user name, and not private").WithCode("webhook.url")
	errWebhookKinds = domain.Invalid("kinds", "choose at least one kind of event").WithCode("webhook.kinds")
	errWebhookRoles = domain.Invalid("roles", "choose at least one role").WithCode("webhook.roles")
	// A processor and a purpose go together: personal fields need both.
	errWebhookProcessor = domain.Invalid("processor", "choose a processor from the register, with its agreement signed, for the purpose").
				WithCode("webhook.processor")
	errWebhookPurpose = domain.Invalid("purpose", "choose the purpose the processor has the personal fields for").WithCode("webhook.purpose")
)

func (s *Handlers) listWebhooks(w http.ResponseWriter, r *http.Request) {
	page := webhooksPage{Kinds: choices(integrations.Kinds, nil), Roles: choices(roleNames(), nil)}
	switch r.URL.Query().Get("done") {
	case "deleted":
		page.Done = "webhooks.done.deleted"
	}
	s.showWebhooks(w, r, http.StatusOK, page)
}

func (s *Handlers) showWebhooks(w http.ResponseWriter, r *http.Request, status int, page webhooksPage) {
	subs, err := s.deps.Webhooks.List(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if page.Processors, err = s.deps.Processors.SignedProcessors(r.Context()); err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Purposes = integrations.Purposes
	names, err := s.StaffNames(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, sub := range subs {
		page.Webhooks = append(page.Webhooks, webhookRow{Subscription: sub, CreatorName: names[sub.CreatedBy]})
	}
	s.RenderPage(w, r, status, "webhooks", page)
}

// createWebhook registers a subscription for the signed-in administrator
// with the kinds and roles checked, starting now, and shows its secret
// once: Klient keeps it sealed by the key ring.
func (s *Handlers) createWebhook(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	f := r.PostForm
	page := webhooksPage{Name: strings.TrimSpace(f.Get("name")), URL: strings.TrimSpace(f.Get("url")),
		Processor: f.Get("processor"), Purpose: f.Get("purpose")}
	kinds, roles, err := s.webhookForm(r.Context(), f, page)
	page.Kinds, page.Roles = choices(integrations.Kinds, kinds), choices(roleNames(), roles)
	id := uuid.Must(uuid.NewV7()).String()
	secret := integrations.NewSecret()
	var from integrations.Position
	if err == nil {
		from, err = s.feedHead(r.Context())
	}
	if err == nil {
		var sealed []byte
		sealed, err = s.deps.Secrets.Seal(r.Context(), integrations.SecretSubject(id), []byte(secret), integrations.SecretAD(id))
		if err == nil {
			err = s.deps.Webhooks.Create(r.Context(), integrations.Subscription{ID: id, Name: page.Name, URL: page.URL,
				Kinds: kinds, StaffID: s.Actor(r).ID, Roles: roles, SecretSealed: sealed, CreatedBy: s.Actor(r).ID,
				ProcessorID: page.Processor, Purpose: page.Purpose}, from)
		}
	}
	if web.IsFormError(err) {
		var status int
		page.Errors, page.Summary, status = s.FormFailure(r, err)
		s.showWebhooks(w, r, status, page)
		return
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusCreated, "secret", web.SecretPage{Title: "webhooks.secret.title",
		Lead: "webhooks.secret.lead", Secret: secret, Back: "/admin/webhooks/" + id})
}

// errFeedBehind refuses a new webhook while the feed has not applied the
// log (a rebuild, a restart): it would start where the feed happens to be
// and be sent the past. Nothing is written; asked again, it is made.
var errFeedBehind = domain.Internal(errors.Join(web.ErrUnavailable,
	errors.New("the integration feed has not caught up with the log"))).WithCode("webhook.feed_behind")

// feedHead is where a new webhook starts: the log's head as it stands
// now, once the feed has applied it (waiting at most the read-your-writes
// bound), else errFeedBehind.
func (s *Handlers) feedHead(ctx context.Context) (integrations.Position, error) {
	head, err := s.deps.Log.Head(ctx)
	if err != nil {
		return integrations.Position{}, err
	}
	wait, cancel := context.WithTimeout(ctx, s.Config().ReadYourWrites)
	defer cancel()
	if err := s.Shared().Projections.WaitFor(wait, integrations.Name, head); err != nil {
		if ctx.Err() != nil {
			return integrations.Position{}, ctx.Err()
		}
		return integrations.Position{}, errors.Join(errFeedBehind, err)
	}
	return integrations.PositionOf(head), nil
}

// webhookForm checks the form: every problem, each on its field.
func (s *Handlers) webhookForm(ctx context.Context, f url.Values, page webhooksPage) (kinds, roles []string, err error) {
	var problems []error
	if page.Processor != "" || page.Purpose != "" {
		processors, err := s.deps.Processors.SignedProcessors(ctx)
		if err != nil {
			return nil, nil, err
		}
		if !slices.ContainsFunc(processors, func(p dpomodel.SignedProcessor) bool { return p.ID == page.Processor }) {
			problems = append(problems, errWebhookProcessor)
		}
		if _, ok := integrations.PurposeOf(page.Purpose); !ok {
			problems = append(problems, errWebhookPurpose)
		}
	}
	if page.Name == "" || len(page.Name) > 200 {
		problems = append(problems, errWebhookName)
	}
	if integrations.CheckURL(page.URL, s.deps.AllowPrivate) != nil {
		problems = append(problems, errWebhookURL)
	}
	kinds = slices.DeleteFunc(slices.Clone(f["kinds"]), func(k string) bool { return !slices.Contains(integrations.Kinds, k) })
	if len(kinds) == 0 || len(kinds) != len(f["kinds"]) {
		problems = append(problems, errWebhookKinds)
	}
	roles = slices.DeleteFunc(slices.Clone(f["roles"]), func(v string) bool { _, perr := access.ParseRole(v); return perr != nil })
	if len(roles) == 0 || len(roles) != len(f["roles"]) {
		problems = append(problems, errWebhookRoles)
	}
	return kinds, roles, domain.JoinProblems(problems...)
}

// webhookPage is one webhook and its latest deliveries.
type webhookPage struct {
	Hook          integrations.Subscription
	CreatorName   string
	ProcessorName string // of the processor it is tied to, "" for none
	Deliveries    []integrations.Delivery
	Done          string
}

func (s *Handlers) showWebhook(w http.ResponseWriter, r *http.Request) {
	sub, err := s.deps.Webhooks.Get(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	deliveries, err := s.deps.Webhooks.Deliveries(r.Context(), sub.ID, 100)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	names, err := s.StaffNames(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page := webhookPage{Hook: sub, CreatorName: names[sub.CreatedBy], Deliveries: deliveries}
	if sub.ProcessorID != "" {
		processors, err := s.deps.Processors.SignedProcessors(r.Context())
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		for _, p := range processors {
			if p.ID == sub.ProcessorID {
				page.ProcessorName = p.Name
			}
		}
	}
	switch r.URL.Query().Get("done") {
	case "resumed":
		page.Done = "webhooks.done.resumed"
	case "tested":
		page.Done = "webhooks.done.tested"
	case "redelivered":
		page.Done = "webhooks.done.redelivered"
	}
	s.RenderPage(w, r, http.StatusOK, "webhook", page)
}

// resumeWebhook starts a paused webhook's deliveries again, from where
// they stopped.
func (s *Handlers) resumeWebhook(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if err := s.deps.Webhooks.Resume(r.Context(), id); err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/webhooks/"+id+"?done=resumed", http.StatusSeeOther)
}

// testWebhook sends the webhook a test message now; its outcome is the
// delivery log's newest line, which the page it lands on shows.
func (s *Handlers) testWebhook(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if _, err := s.deps.Deliver.Test(r.Context(), id); err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/webhooks/"+id+"?done=tested", http.StatusSeeOther)
}

// redeliverWebhook sends an entry the webhook was sent before again now,
// under its webhook-id; the outcome is the delivery log's newest line.
func (s *Handlers) redeliverWebhook(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if _, err := s.deps.Deliver.Redeliver(r.Context(), id, chi.URLParam(r, "event")); err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/webhooks/"+id+"?done=redelivered", http.StatusSeeOther)
}

// askDeleteWebhook names the webhook; an unknown one is left to the
// deletion to refuse.
func (s *Handlers) askDeleteWebhook(r *http.Request) (*web.Confirmation, error) {
	sub, err := s.deps.Webhooks.Get(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return nil, nil
	}
	return &web.Confirmation{Question: "confirm.webhook.delete", Args: []any{sub.Name},
		Consequence: "confirm.webhook.delete.consequence", Button: "confirm.webhook.delete.button",
		Back: "/admin/webhooks/" + sub.ID}, nil
}

// deleteWebhook ends a webhook and its delivery log, and destroys its
// signing key first: a deletion that fails half-way leaves a webhook that
// can no longer sign (deleting it again finishes), never a key with no
// webhook that a backup of the key store would keep.
func (s *Handlers) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	sub, err := s.deps.Webhooks.Get(r.Context(), chi.URLParam(r, "id"))
	if err == nil {
		err = s.deps.Keys.ShredKey(r.Context(), integrations.SecretSubject(sub.ID))
	}
	if err == nil {
		err = s.deps.Webhooks.Delete(r.Context(), sub.ID)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/webhooks?done=deleted", http.StatusSeeOther)
}
