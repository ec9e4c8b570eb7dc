package gdpr_test

import (
	"context"
	"sync"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
)

// sources is a RetentionSources with fixed answers.
type sources struct {
	contacts  []gdprcmd.RetainedContact
	matters   []gdprcmd.ClosedMatter
	accessLog int64
	heldMail  int64
}

func (s sources) RetainedContacts(context.Context) ([]gdprcmd.RetainedContact, error) {
	return s.contacts, nil
}
func (s sources) ClosedMatters(context.Context, time.Time) ([]gdprcmd.ClosedMatter, error) {
	return s.matters, nil
}
func (s sources) AccessLogBefore(context.Context, time.Time) (int64, error) { return s.accessLog, nil }
func (s sources) HeldMailBefore(context.Context, time.Time) (int64, error)  { return s.heldMail, nil }

// deleters records what the runner deleted.
type deleters struct {
	mu        sync.Mutex
	files     []string
	refreshed int
	cutoff    time.Time
	accessLog int64
	sessions  int64
	heldMail  int64
}

func (d *deleters) DestroyMatterFile(_ context.Context, matterID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.files = append(d.files, matterID)
	return nil
}

func (d *deleters) RefreshReadModels(context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.refreshed++
	return nil
}

func (d *deleters) DeleteAccessLogBefore(_ context.Context, cutoff time.Time) (int64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.cutoff = cutoff
	n := d.accessLog
	d.accessLog = 0
	return n, nil
}

func (d *deleters) DeleteExpiredSessions(context.Context) (int64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := d.sessions
	d.sessions = 0
	return n, nil
}

func (d *deleters) DestroyHeldMailBefore(context.Context, time.Time) (int64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := d.heldMail
	d.heldMail = 0
	return n, nil
}

// deletionLog keeps the lines the runner logged.
type deletionLog struct {
	mu    sync.Mutex
	lines []gdprcmd.RetentionDeletion
}

func (l *deletionLog) Deleted(_ context.Context, d gdprcmd.RetentionDeletion) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, d)
	return nil
}
