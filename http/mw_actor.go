package http

import (
	"context"
	"net/http"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/domain"
)

// requireActor asks Deps.Actor who is calling and refuses anonymous
// requests with 401. Handlers read the actor with actorOf and never look at
// sessions or headers themselves, so sign-in can change underneath them.
func (s *server) requireActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := s.deps.Actor(r)
		if !ok {
			s.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: "sign-in required", Err: errUnauthenticated})
			return
		}
		if a.CorrelationID == "" {
			a.CorrelationID = CorrelationID(r.Context())
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), actorKey, a)))
	})
}

// actorOf returns the actor requireActor stored; every route that calls it
// is behind requireActor.
func actorOf(ctx context.Context) commands.Actor {
	a, _ := ctx.Value(actorKey).(commands.Actor)
	return a
}
