package projections

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

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
