package work

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/klient-crm/klient/domain"
)

// ReminderRaiser raises one reminder of a deadline and reports whether
// this call raised it. The commands' RaiseReminderHandler implements it:
// it lets the deadline aggregate decide and appends with the stream's exact
// version, so a lost race or a replay raises nothing.
type ReminderRaiser interface {
	RaiseReminder(ctx context.Context, deadlineID string, index int) (bool, error)
}

// EngineConfig is what a ReminderEngine needs. Zero values take defaults.
type EngineConfig struct {
	DB       DB             // the read-model database
	Raiser   ReminderRaiser // the commands' RaiseReminderHandler
	Clock    func() time.Time
	Interval time.Duration // how often to look; default one minute
	Batch    int           // most reminders raised per look; default 500
	Logger   *slog.Logger
}

// Validate reports the first thing that keeps the engine from starting.
func (c EngineConfig) Validate() error {
	switch {
	case c.DB == nil:
		return errors.New("work: EngineConfig.DB is required")
	case c.Raiser == nil:
		return errors.New("work: EngineConfig.Raiser is required")
	case c.Interval < 0 || c.Batch < 0:
		return errors.New("work: EngineConfig.Interval and Batch must not be negative")
	}
	return nil
}

// ReminderEngine raises deadline reminders as they fall due. Every
// instance of `klient serve` may run one; each reminder is still raised
// exactly once (see ReminderRaiser), and an engine that was down raises
// what fell due meanwhile when it starts.
type ReminderEngine struct{ cfg EngineConfig }

// NewReminderEngine checks cfg and returns the engine; nothing runs until
// Run.
func NewReminderEngine(cfg EngineConfig) (*ReminderEngine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Interval == 0 {
		cfg.Interval = time.Minute
	}
	if cfg.Batch == 0 {
		cfg.Batch = 500
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &ReminderEngine{cfg: cfg}, nil
}

// Run looks at once, then every Interval, until ctx is done; it returns
// nil then. A look that fails is logged and the next one tries again.
func (e *ReminderEngine) Run(ctx context.Context) error {
	t := time.NewTicker(e.cfg.Interval)
	defer t.Stop()
	for {
		if _, err := e.Tick(ctx); err != nil && ctx.Err() == nil {
			// Scrubbed here too: a Logger (or slog.Default) need not scrub.
			e.cfg.Logger.Warn("reminder engine: look failed", "error", domain.Loggable(err))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Tick raises every reminder due now (up to Batch) and returns how many
// this engine raised. A reminder that cannot be raised is logged, by its
// deadline's ID and index only, and does not stop the others.
func (e *ReminderEngine) Tick(ctx context.Context) (int, error) {
	due, err := DueReminders(ctx, e.cfg.DB, e.cfg.Clock(), e.cfg.Batch)
	if err != nil {
		return 0, err
	}
	raised := 0
	for _, ref := range due {
		ok, err := e.cfg.Raiser.RaiseReminder(ctx, ref.DeadlineID, ref.Index)
		switch {
		case ctx.Err() != nil:
			return raised, ctx.Err()
		case err != nil:
			e.cfg.Logger.Warn("reminder engine: cannot raise reminder", "deadline", ref.DeadlineID,
				"reminder_index", ref.Index, "kind", domain.KindOf(err))
		case ok:
			raised++
			e.cfg.Logger.Info("reminder raised", "deadline", ref.DeadlineID, "reminder_index", ref.Index)
		}
	}
	return raised, nil
}
