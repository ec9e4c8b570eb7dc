package logscrub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/internal/logscrub"
)

// pgLike stands in for a pgconn.PgError: its message quotes the value that
// broke a constraint; its SQLSTATE is all the log may keep.
type pgLike struct{}

func (pgLike) Error() string {
	return `ERROR: duplicate key value violates unique constraint "contacts_email_key" (SQLSTATE 23505): Key (email)=(anna.andersson@example.se) already exists`
}
func (pgLike) SQLState() string { return "23505" }

const secret = "anna.andersson"

// logger logs JSON through the scrubbing handler into buf.
func logger(buf *bytes.Buffer) *slog.Logger {
	return slog.New(logscrub.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
}

// lines decodes each JSON line of buf.
func lines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %s", l)
		}
		out = append(out, m)
	}
	return out
}

// errorValue is a slog.LogValuer that resolves to an error.
type errorValue struct{ err error }

func (e errorValue) LogValue() slog.Value { return slog.AnyValue(e.err) }

func TestADatabaseErrorsValueNeverReachesTheLog(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := logger(&buf)
	wrapped := fmt.Errorf("erasure: %w", domain.Internal(fmt.Errorf("insert: %w", pgLike{})))
	log.Error("key-value pair", "error", pgLike{})
	log.Warn("slog.Any", slog.Any("error", wrapped))
	log.With("error", pgLike{}).Info("With")
	log.Info("LogValuer", "error", errorValue{pgLike{}})
	log.Info("joined", "error", errors.Join(errors.New("timeout"), pgLike{}))
	log.LogAttrs(context.Background(), slog.LevelError, "LogAttrs", slog.Any("cause", pgLike{}))
	log.Error("pgconn", "error", fmt.Errorf("insert: %w", &pgconn.PgError{Severity: "ERROR", Code: "23505",
		Message: "duplicate key value violates unique constraint", Detail: "Key (email)=(anna.andersson@example.se) already exists."}))
	if strings.Contains(buf.String(), secret) {
		t.Fatalf("the value reached the log:\n%s", buf.String())
	}
	want := map[string]string{
		"key-value pair": "database error 23505",
		"slog.Any":       "internal : internal error: database error 23505",
		"With":           "database error 23505",
		"LogValuer":      "database error 23505",
		"joined":         "timeout; database error 23505",
		"LogAttrs":       "database error 23505",
		"pgconn":         "database error 23505",
	}
	ls := lines(t, &buf)
	if len(ls) != len(want) {
		t.Fatalf("%d lines, want %d", len(ls), len(want))
	}
	for _, l := range ls {
		key := "error"
		if l["msg"] == "LogAttrs" {
			key = "cause"
		}
		if got := l[key]; got != want[l["msg"].(string)] {
			t.Errorf("%s: %s = %v, want %q", l["msg"], key, got, want[l["msg"].(string)])
		}
	}
}

func TestADomainErrorKeepsItsKindAndCode(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	err := domain.Invalid("email", "this is not an e-mail address").WithCode("contact.email.format")
	logger(&buf).Warn("refused", "error", fmt.Errorf("register: %w", err))
	got := lines(t, &buf)[0]["error"]
	if got != "invalid email: this is not an e-mail address (contact.email.format)" {
		t.Errorf("error = %v", got)
	}
}

func TestErrorsInsideGroupsAreScrubbed(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := logger(&buf)
	log.Info("nested", slog.Group("job", "name", "erasure", slog.Group("step", "error", pgLike{}, "n", 3)))
	log.WithGroup("job").With("error", pgLike{}).Info("with group", slog.Group("step", slog.Any("error", pgLike{})))
	log.With(slog.Group("job", "error", pgLike{})).Info("group in With")
	if strings.Contains(buf.String(), secret) {
		t.Fatalf("the value reached the log:\n%s", buf.String())
	}
	ls := lines(t, &buf)
	step := ls[0]["job"].(map[string]any)["step"].(map[string]any)
	if step["error"] != "database error 23505" || step["n"] != 3.0 || ls[0]["job"].(map[string]any)["name"] != "erasure" {
		t.Errorf("nested = %v", ls[0])
	}
	job := ls[1]["job"].(map[string]any)
	if job["error"] != "database error 23505" || job["step"].(map[string]any)["error"] != "database error 23505" {
		t.Errorf("with group = %v", ls[1])
	}
	if ls[2]["job"].(map[string]any)["error"] != "database error 23505" {
		t.Errorf("group in With = %v", ls[2])
	}
}

func TestOtherValuesPassUnchanged(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger(&buf).Info("plain", "request_id", "r-1", "rows", 2, "ok", true, "error", nil)
	l := lines(t, &buf)[0]
	if l["msg"] != "plain" || l["request_id"] != "r-1" || l["rows"] != 2.0 || l["ok"] != true || l["error"] != nil {
		t.Errorf("line = %v", l)
	}
	warnOnly := slog.New(logscrub.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if warnOnly.Enabled(context.Background(), slog.LevelInfo) || !warnOnly.Enabled(context.Background(), slog.LevelWarn) {
		t.Error("the wrapped handler's level is not honoured")
	}
}

func TestAnErrorThatPanicsCostsOnlyItsAttribute(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	var nilPath *nilPathError
	logger(&buf).Error("typed nil", "error", nilPath, "request_id", "r-2")
	l := lines(t, &buf)[0]
	if l["request_id"] != "r-2" || !strings.HasPrefix(l["error"].(string), "!PANIC") {
		t.Errorf("line = %v", l)
	}
}

type nilPathError struct{ path string }

func (e *nilPathError) Error() string { return "cannot open " + e.path }
