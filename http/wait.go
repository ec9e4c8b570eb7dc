package http

import (
	"context"
	"log/slog"

	"github.com/klient-crm/klient/commands"
)

// contactsProjector is the read model every contact page reads.
const contactsProjector = "contacts"

// awaitContacts waits, at most Config.ReadYourWrites, until the contacts
// read model shows res, so the page the person lands on shows their own
// write. The write has succeeded either way: a slow or failed projector only
// costs freshness, so it is logged and the request goes on.
func (s *server) awaitContacts(ctx context.Context, res commands.Result) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadYourWrites)
	defer cancel()
	if err := s.deps.Projections.WaitFor(ctx, contactsProjector, res.Position); err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "read model behind the write",
			slog.String("projector", contactsProjector),
			slog.String("position", res.Position.String()),
			slog.String("error", err.Error()),
			slog.String("correlation_id", CorrelationID(ctx)))
	}
}
