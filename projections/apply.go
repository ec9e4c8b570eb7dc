package projections

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/eventstore"
)

// outcome is what became of a batch.
type outcome int

const (
	applied         outcome = iota // rows and checkpoint committed
	alreadyApplied                 // the checkpoint was already past it: nothing to do
	checkpointMoved                // the checkpoint is not where the batch starts: resubscribe
)

// asynchronousCommit lets a batch's commit return before its WAL reaches
// the disk. A read model is derived from the log: a crash can lose only the
// last batches, rows and checkpoint together (a transaction stays atomic),
// and the projector applies them again from the log. Waiting for the flush
// was a fifth of a catch-up's time.
const asynchronousCommit = `SET LOCAL synchronous_commit = off`

// apply decodes b, then applies it and advances the checkpoint in one
// transaction. The checkpoint row is locked first and must sit exactly where
// the batch starts; otherwise a rebuild or another runner moved it, and
// applying would double or skip events.
func (r *runner) apply(ctx context.Context, b batch) (outcome, error) {
	decoded, err := r.decode(ctx, b.Envelopes, b.Opened)
	if err != nil {
		return 0, err
	}
	result := applied
	err = pgx.BeginFunc(ctx, r.cfg.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, asynchronousCommit); err != nil {
			return err
		}
		if err := r.inSchema(ctx, tx); err != nil {
			return err
		}
		c, err := lockCheckpoint(ctx, tx, r.name)
		if err != nil {
			return err
		}
		if c.Position != b.From || c.Version != r.p.Version() {
			result = checkpointMoved
			if c.Version == r.p.Version() && c.Position.AtLeast(b.Last) {
				result = alreadyApplied
			}
			return nil
		}
		if len(decoded) > 0 {
			if err := r.p.Apply(ctx, tx, decoded); err != nil {
				return fmt.Errorf("projections: %s: apply batch after %s: %w", r.name, b.From, err)
			}
		}
		return advanceCheckpoint(ctx, tx, r.name, b.Last, len(b.Envelopes), r.batchStatus(c.Status, b.Last))
	})
	return result, err
}

// decode opens the events the projector handles; the others only move the
// checkpoint. opened holds what the shared feed opened already (nil when the
// runner reads privately); the rest is opened here. An event that cannot be
// decoded fails the batch: skipping it would silently corrupt the read
// model.
func (r *runner) decode(ctx context.Context, envs []eventstore.Envelope, opened []eventstore.Decoded) ([]eventstore.Decoded, error) {
	wanted := make([]eventstore.Envelope, 0, len(envs))
	out := make([]eventstore.Decoded, 0, len(envs))
	for i, env := range envs {
		if handles(r.p, env.Type) {
			wanted = append(wanted, env)
			if i < len(opened) && opened[i].Event != nil && opened[i].ID == env.ID {
				out = append(out, opened[i])
			} else {
				out = append(out, eventstore.Decoded{})
			}
		}
	}
	errs := openAll(ctx, r.cfg.Codec, wanted, out, func(i int) bool { return out[i].Event == nil })
	for i, err := range errs {
		if err != nil {
			env := wanted[i]
			return nil, fmt.Errorf("projections: %s: decode event %s of type %s at %s: %w",
				r.name, env.ID, env.Type, env.Position, err)
		}
	}
	return out, nil
}

// openAll decodes into out[i] each envs[i] that want(i) asks for, and
// returns each one's error. Opening sealed fields is CPU work (AEAD and
// JSON), so a large batch is opened by several goroutines, each writing
// its own slots: the order stays the log's.
func openAll(ctx context.Context, codec Decoder, envs []eventstore.Envelope, out []eventstore.Decoded, want func(i int) bool) []error {
	errs := make([]error, len(envs))
	workers := min(runtime.GOMAXPROCS(0), 8, (len(envs)+63)/64)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(envs); i += workers {
				if want(i) {
					out[i], errs[i] = codec.Decode(ctx, envs[i])
				}
			}
		})
	}
	wg.Wait()
	return errs
}

// Statuses stored in projector_checkpoints.status.
const (
	StatusNew        = "new"        // tables created, nothing applied yet
	StatusRunning    = "running"    // an instance runs it (or ran it until it crashed)
	StatusStopped    = "stopped"    // its runner shut down cleanly
	StatusFailed     = "failed"     // stopped on a batch it could not apply; see last_error
	StatusRebuilding = "rebuilding" // reset to the start of the log, replay pending
)

// checkpoint is one row of projector_checkpoints.
type checkpoint struct {
	Version       int
	Position      eventstore.Position
	Status        string
	LastError     string
	EventsApplied uint64
	UpdatedAt     time.Time
}

// querier is what both a pool and a transaction offer.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

const checkpointColumns = `version, commit, prepare, status, last_error, events_applied, updated_at`

func scanCheckpoint(row pgx.Row) (checkpoint, error) {
	var c checkpoint
	var commit, prepare, applied int64
	err := row.Scan(&c.Version, &commit, &prepare, &c.Status, &c.LastError, &applied, &c.UpdatedAt)
	c.Position = eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}
	c.EventsApplied = uint64(applied)
	return c, err
}

// readCheckpoint returns name's checkpoint; found is false before its first run.
func readCheckpoint(ctx context.Context, q querier, name string) (c checkpoint, found bool, err error) {
	c, err = scanCheckpoint(q.QueryRow(ctx, `SELECT `+checkpointColumns+` FROM projector_checkpoints WHERE name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return checkpoint{}, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("projections: read checkpoint of %s: %w", name, err)
	}
	return c, true, nil
}

// lockCheckpoint reads name's checkpoint and holds its row until tx ends.
// Every writer locks this row first, so applying a batch and resetting the
// read model can never deadlock on the read model's tables.
func lockCheckpoint(ctx context.Context, tx pgx.Tx, name string) (checkpoint, error) {
	c, err := scanCheckpoint(tx.QueryRow(ctx, `SELECT `+checkpointColumns+` FROM projector_checkpoints WHERE name = $1 FOR UPDATE`, name))
	if err != nil {
		return c, fmt.Errorf("projections: lock checkpoint of %s: %w", name, err)
	}
	return c, nil
}

func advanceCheckpoint(ctx context.Context, tx pgx.Tx, name string, to eventstore.Position, events int, status string) error {
	commit, prepare, err := storedPosition(to)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE projector_checkpoints
		SET commit = $2, prepare = $3, events_applied = events_applied + $4, updated_at = now(),
		    status = $5, last_error = ''
		WHERE name = $1`, name, commit, prepare, events, status)
	if err != nil {
		return fmt.Errorf("projections: advance checkpoint of %s: %w", name, err)
	}
	return nil
}

// setStatus records a runner's state outside any batch.
func setStatus(ctx context.Context, q querier, name, status, lastError string) error {
	_, err := q.Exec(ctx, `UPDATE projector_checkpoints SET status = $2, last_error = $3, updated_at = now()
		WHERE name = $1`, name, status, lastError)
	if err != nil {
		return fmt.Errorf("projections: set status of %s: %w", name, err)
	}
	return nil
}

func storedPosition(p eventstore.Position) (int64, int64, error) {
	if p.Commit > math.MaxInt64 || p.Prepare > math.MaxInt64 {
		return 0, 0, fmt.Errorf("projections: position %s does not fit the checkpoint table", p)
	}
	return int64(p.Commit), int64(p.Prepare), nil
}

// Compactor is an optional interface of a Projector whose rows change many
// times in a row during a catch-up (a matter is opened, checked, activated,
// given parties and closed within one batch): each change leaves a dead
// row version behind, faster than autovacuum reclaims it, and the table
// ends several times its live size. At a million events the matters table
// was 75 MB for 14 MB of rows, and every report that scans it took four
// times as long. The runtime compacts the tables named here once the
// projector has replayed a long stretch of the log and reached its head.
type Compactor interface {
	CompactTables() []string
}

// compaction is a runner's pending compaction: due once its checkpoint
// passes head, the log's end when it started that far behind.
type compaction struct {
	mu      sync.Mutex
	due     bool
	running bool
	head    eventstore.Position
}

// plan arms a compaction when the projector starts more than the
// runtime's CompactAfter events behind the log's head.
func (r *runner) planCompaction(ctx context.Context, from eventstore.Position) {
	if _, ok := r.p.(Compactor); !ok {
		return
	}
	lag, head, err := countAfter(ctx, r.cfg.Store, from)
	if err != nil || lag < uint64(r.cfg.CompactAfter) {
		return
	}
	r.compact.mu.Lock()
	defer r.compact.mu.Unlock()
	r.compact.due, r.compact.head = true, head
}

// compactIfDue compacts the projector's tables once last, the batch just
// applied, has reached the head noted when the catch-up began. It is
// attempted once, and its failure only logged: the read model stays
// correct, merely larger.
func (r *runner) compactIfDue(ctx context.Context, last eventstore.Position) {
	c, ok := r.p.(Compactor)
	if !ok {
		return
	}
	r.compact.mu.Lock()
	due := r.compact.due && last.AtLeast(r.compact.head)
	if due {
		r.compact.due, r.compact.running = false, true
	}
	r.compact.mu.Unlock()
	if due {
		r.compactNow(ctx, c)
		r.compact.mu.Lock()
		r.compact.running = false
		r.compact.mu.Unlock()
	}
}

// compacting reports whether a compaction is armed or under way.
func (r *runner) compacting() bool {
	r.compact.mu.Lock()
	defer r.compact.mu.Unlock()
	return r.compact.due || r.compact.running
}

// compactNow rewrites c's tables.
func (r *runner) compactNow(ctx context.Context, c Compactor) {
	began := time.Now()
	for _, table := range c.CompactTables() {
		// VACUUM FULL rewrites the table and its indexes, holding readers
		// off for as long (under a second for the matters at a million
		// events): once, right after a catch-up, when the read model was
		// not current anyway.
		id := pgx.Identifier{table}
		if r.schema != "" {
			id = pgx.Identifier{r.schema, table}
		}
		if _, err := r.cfg.Pool.Exec(ctx, "VACUUM (FULL, ANALYZE) "+id.Sanitize()); err != nil {
			r.log.Warn("cannot compact a read model's table after its catch-up", "projector", r.name, "table", table, "error", safeError(err))
			return
		}
	}
	r.log.Info("read model compacted after its catch-up", "projector", r.name, "took", time.Since(began).Round(time.Millisecond))
}

// A rebuild while another instance runs the projector builds the new read
// model beside the one that serves: in a schema of its own, with a
// checkpoint of its own, from the start of the log. Readers keep the old
// tables, whole and advancing, until the new ones have caught up; then one
// transaction puts the new tables in place of the old and moves the
// projector's checkpoint to where the new tables are. Issue 11, item 14:
// emptying the tables in place made existing records answer 404 for the
// whole replay (minutes at a million events) while /readyz said 200.

// shadowSuffix names a rebuild's checkpoint row: the projector's name and
// a character no projector's name has, so the rebuilding notice, the
// status list and /readyz, which read the projectors' own rows, never see it.
const shadowSuffix = "~rebuild"

// shadowSchema is the schema a rebuild of projector name builds in.
func shadowSchema(name string) string { return "rebuild_" + name }

// beside is a runner of live's projector that builds in its shadow schema.
func (live *runner) beside() *runner {
	s := newRunner(live.p, live.cfg, live.feed)
	s.name, s.schema = live.name+shadowSuffix, shadowSchema(live.name)
	return s
}

// inSchema points tx's unqualified names at r's schema when it builds
// beside the live tables; other read models' tables and the extensions'
// functions are still found in public.
func (r *runner) inSchema(ctx context.Context, tx pgx.Tx) error {
	if r.schema == "" {
		return nil
	}
	_, err := tx.Exec(ctx, `SELECT set_config('search_path', $1, true)`, pgx.Identifier{r.schema}.Sanitize()+", public")
	return err
}

// rebuildBeside rebuilds live's read model beside the one that serves and
// swaps it in.
func (rt *Runtime) rebuildBeside(ctx context.Context, live *runner, size *logSize, progress func(uint64, uint64)) error {
	shadow := live.beside()
	lock, err := tryLock(ctx, rt.cfg.Pool, shadow.name)
	if err != nil {
		return fmt.Errorf("projections: rebuild of %s: take its lock: %w", live.name, err)
	}
	if lock == nil {
		return fmt.Errorf("projections: %s is already being rebuilt elsewhere", live.name)
	}
	defer lock.release()
	// A rebuild that stops before its swap must not leave its copy behind:
	// nothing applies later erasures to it, and the residue check counts
	// public's tables only.
	swapped := false
	defer func() {
		if !swapped {
			shadow.dropShadow(context.WithoutCancel(ctx))
		}
	}()
	if err := shadow.prepareShadow(ctx); err != nil {
		return err
	}
	rt.cfg.Logger.Info("rebuild started beside the serving read model", "projector", live.name, "schema", shadow.schema)
	progress(0, 0)
	if err := shadow.replay(ctx, size, progress); err != nil {
		return err
	}
	if err := rt.swapIn(ctx, live, shadow); err != nil {
		return err
	}
	swapped = true
	return nil
}

// dropShadow removes a rebuild's schema and checkpoint row; a failure is
// logged, and the next rebuild of the projector clears them first.
func (r *runner) dropShadow(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err := pgx.BeginFunc(ctx, r.cfg.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{r.schema}.Sanitize()+` CASCADE`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM public.projector_checkpoints WHERE name = $1`, r.name)
		return err
	})
	if err != nil {
		r.log.Warn("cannot drop an unfinished rebuild's copy of a read model", "schema", r.schema, "error", safeError(err))
	}
}

// prepareShadow creates the shadow schema afresh (a rebuild interrupted
// earlier left its half there), the tables in it, and its checkpoint at
// the start of the log.
func (r *runner) prepareShadow(ctx context.Context) error {
	return pgx.BeginFunc(ctx, r.cfg.Pool, func(tx pgx.Tx) error {
		schema := pgx.Identifier{r.schema}.Sanitize()
		if _, err := tx.Exec(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE`); err != nil {
			return fmt.Errorf("projections: clear %s: %w", r.schema, err)
		}
		if _, err := tx.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
			return fmt.Errorf("projections: create %s: %w", r.schema, err)
		}
		if err := r.inSchema(ctx, tx); err != nil {
			return err
		}
		if err := r.p.Setup(ctx, tx); err != nil {
			return fmt.Errorf("projections: set up read model %s_v%d in %s: %w", r.p.Name(), r.p.Version(), r.schema, err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO public.projector_checkpoints (name, version, status) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO UPDATE SET version = $2, commit = 0, prepare = 0, events_applied = 0,
				status = $3, last_error = '', updated_at = now()`, r.name, r.p.Version(), StatusRebuilding)
		return err
	})
}

// errShadowBehind: the live projector moved on while the shadow caught up.
var errShadowBehind = errors.New("projections: the rebuilt read model is behind the serving one")

// swapIn puts shadow's tables in place of live's. It holds live's
// checkpoint row, so that the live runner's next batch waits, catches the
// shadow up to where the live tables are (it usually is ahead already),
// then swaps; the live runner finds its checkpoint moved and resubscribes
// from the shadow's.
func (rt *Runtime) swapIn(ctx context.Context, live, shadow *runner) error {
	for attempt := 1; ; attempt++ {
		err := pgx.BeginFunc(ctx, rt.cfg.Pool, func(tx pgx.Tx) error {
			lc, err := lockOrCreateCheckpoint(ctx, tx, live.name) // a runner that has just taken the lock may not have made it yet
			if err != nil {
				return err
			}
			sc, _, err := readCheckpoint(ctx, rt.cfg.Pool, shadow.name)
			if err != nil {
				return err
			}
			if !sc.Position.AtLeast(lc.Position) {
				if err := shadow.catchUp(ctx); err != nil {
					return err
				}
				if sc, _, err = readCheckpoint(ctx, rt.cfg.Pool, shadow.name); err != nil {
					return err
				}
				// A serving checkpoint the log does not hold (the log
				// restored from an older backup) is never caught up with,
				// and the tables behind it are the ones to replace.
				if !sc.Position.AtLeast(lc.Position) && !live.outsideLog(ctx, lc.Position) {
					return errShadowBehind
				}
			}
			if err := moveIntoPlace(ctx, tx, live.p, shadow.schema); err != nil {
				return err
			}
			commit, prepare, err := storedPosition(sc.Position)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE projector_checkpoints SET version = $2, commit = $3, prepare = $4,
				events_applied = $5, status = $6, last_error = '', updated_at = now() WHERE name = $1`,
				live.name, live.p.Version(), commit, prepare, int64(sc.EventsApplied), StatusRunning); err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `DELETE FROM projector_checkpoints WHERE name = $1`, shadow.name)
			return err
		})
		if err == nil {
			rt.cfg.Logger.Info("rebuilt read model swapped in", "projector", live.name, "attempts", attempt)
			live.restart() // a no-op unless this instance runs it
			return nil
		}
		if !errors.Is(err, errShadowBehind) || attempt == 5 {
			return fmt.Errorf("projections: swap in the rebuilt %s: %w", live.name, err)
		}
	}
}

// catchUp applies the log to the shadow from its checkpoint to the head.
func (r *runner) catchUp(ctx context.Context) error {
	c, _, err := readCheckpoint(ctx, r.cfg.Pool, r.name)
	if err != nil {
		return err
	}
	n, head, err := countAfter(ctx, r.cfg.Store, c.Position)
	if err != nil {
		return err
	}
	size := &logSize{counted: true, total: c.EventsApplied + n, head: head}
	return r.replayFrom(ctx, c.Position, c.EventsApplied, size, func(uint64, uint64) {})
}

// moveIntoPlace drops p's serving tables and moves everything the shadow
// schema holds (tables with their indexes, constraints, triggers and owned
// sequences; other sequences, views and functions) into public, then drops
// the emptied schema. A function of the same signature in public (the old
// tables' trigger function) is replaced.
func moveIntoPlace(ctx context.Context, tx pgx.Tx, p Projector, schema string) error {
	if _, err := tx.Exec(ctx, `SELECT set_config('search_path', 'public', true)`); err != nil {
		return err
	}
	if err := p.Drop(ctx, tx); err != nil {
		return fmt.Errorf("projections: drop the serving %s: %w", p.Name(), err)
	}
	rows, err := tx.Query(ctx, `
		SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.relname
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'S')
		  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
			WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
		  AND NOT c.relispartition
		ORDER BY c.relkind, c.relname`, schema)
	if err != nil {
		return err
	}
	relations, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (rel [2]string, err error) {
		err = row.Scan(&rel[0], &rel[1])
		return rel, err
	})
	if err != nil {
		return err
	}
	rows, err = tx.Query(ctx, `
		SELECT quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')'
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY 1`, schema)
	if err != nil {
		return err
	}
	functions, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	from := pgx.Identifier{schema}.Sanitize()
	for _, rel := range relations {
		if _, err := tx.Exec(ctx, `ALTER `+rel[0]+` `+from+`.`+pgx.Identifier{rel[1]}.Sanitize()+` SET SCHEMA public`); err != nil {
			return fmt.Errorf("projections: move %s into place: %w", rel[1], err)
		}
	}
	for _, fn := range functions {
		// fn is a signature read from the catalogue, not input.
		if _, err := tx.Exec(ctx, `DROP FUNCTION IF EXISTS public.`+fn); err != nil {
			return fmt.Errorf("projections: replace function %s: %w", fn, err)
		}
		if _, err := tx.Exec(ctx, `ALTER FUNCTION `+from+`.`+fn+` SET SCHEMA public`); err != nil {
			return fmt.Errorf("projections: move function %s into place: %w", fn, err)
		}
	}
	if _, err := tx.Exec(ctx, `DROP SCHEMA `+from); err != nil {
		return fmt.Errorf("projections: drop the emptied %s: %w", schema, err)
	}
	return nil
}
