// Package mailcli is `klient mail templates|letter|campaigns|held` (issue
// 15): the mail pages' work from the command line, as a staff member named
// by --staff, with that member's roles and walls. Templates and letters go
// through the web edge served in this process (edge.go), signed in by a
// session of the command's own, so a verb passes the same routes, rights,
// walls, access log and commands as the API and answers with its
// refusals; the review queue goes through the incoming mail's filer with
// the member's roles, as the page's port does; the campaigns' reports are
// read for campaign.manage. Output names entries by ID, never a client.
package mailcli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/internal/mailin"
	"github.com/klient-crm/klient/projections/matters"
	staffmodel "github.com/klient-crm/klient/projections/staff"
)

// Env is what the verbs act through, from the app of `klient`.
type Env struct {
	Pool *pgxpool.Pool
	// Log reads the letter templates and the campaigns' records from
	// their streams (a firm's templates hold no personal data).
	Log *commcmd.Communications
	// Edge builds the web edge (cmd/klient's httpHandler over
	// internal/webapp), served in this process.
	Edge func(ctx context.Context) (http.Handler, error)
	// Sessions signs the member in for the command's length.
	Sessions Sessions
	// Filer is the incoming mail's filer (internal/mailin).
	Filer func() (*mailin.Filer, error)
	// PublicURL is KLIENT_PUBLIC_URL: a campaign sent from here has no
	// request whose origin its links could name.
	PublicURL string
}

// Sessions is (*credentials.Store)'s part the edge's sign-in needs.
type Sessions interface {
	CreateSession(ctx context.Context, staffID string, meta credentials.SessionMeta) (string, credentials.Session, error)
	EndSession(ctx context.Context, token string) error
}

// Args are what a verb was given.
type Args struct {
	Verb, What, ID                  string // "letter send", "held file ID"
	File, Name, Subject, TemplateID string // templates save
	Matter, Template, To, Print     string // letter send, held file
	Yes                             bool   // held discard
	Purpose, At                     string // campaigns send
	ExistingClients                 bool   // campaigns send
	Lang                            i18n.Lang
}

// Usage lists the verbs, one a line.
const Usage = `klient mail templates list | show ID|NAME | save --file FILE --name NAME --subject SUBJECT [--id ID]   --staff ID|E-MAIL
klient mail letter send --matter NUMBER --template ID|NAME --to client|CONTACT_ID [--print FILE]   --staff ID|E-MAIL
klient mail campaigns list | show|report ID   --staff ID|E-MAIL
klient mail campaigns send --name NAME --purpose PURPOSE (--subject SUBJECT --file FILE | --template ID|NAME) [--existing-clients] [--at "YYYY-MM-DD HH:MM"] | cancel ID   --staff ID|E-MAIL
klient mail held list | show ID | file ID --matter NUMBER | discard ID --yes   --staff ID|E-MAIL`

type verb func(ctx context.Context, e Env, as Member, in Args, out io.Writer) error

var verbs = map[string]map[string]verb{
	"templates": {"list": templatesList, "show": templatesShow, "save": templatesSave},
	"letter":    {"send": letterSend},
	"campaigns": {"list": campaignsList, "show": campaignsShow, "report": campaignsShow, "send": campaignsSend, "cancel": campaignsCancel},
	"held":      {"list": heldList, "show": heldShow, "file": heldFile, "discard": heldDiscard},
}

// Has reports whether verb is one of this package's (templates, letter,
// campaigns, held).
func Has(verb string) bool { return verbs[verb] != nil }

// Known reports whether verb what is a verb.
func Known(verb, what string) bool { return verbs[verb][what] != nil }

// Run runs verb in.What as the member as.
func Run(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	run := verbs[in.Verb][in.What]
	if run == nil {
		return errors.New("usage: " + Usage)
	}
	return run(ctx, e, as, in, out)
}

// Lang is the language of the verbs' words and refusals: Swedish
// unless KLIENT_LANG asks for English, as the pages are.
func Lang() i18n.Lang {
	if strings.HasPrefix(strings.ToLower(os.Getenv("KLIENT_LANG")), "en") {
		return i18n.English
	}
	return i18n.Swedish
}

// say picks the words of the CLI's own messages in lang; the refusals
// of the product come from its catalogue (i18n).
func say(lang i18n.Lang, sv, en string, args ...any) string {
	if lang == i18n.English {
		return fmt.Sprintf(en, args...)
	}
	return fmt.Sprintf(sv, args...)
}

// ErrNoStaff says that --staff is missing.
func ErrNoStaff(lang i18n.Lang) error {
	return errors.New(say(lang, "ange vem kommandot gör det som: --staff ID eller e-postadress",
		"say whom the command acts as: --staff ID or e-mail address"))
}

// Member is the staff member a verb acts as: their roles and walls
// bind it as they bind the member's pages.
type Member struct {
	ID    string
	Roles []access.Role
}

// FindMember finds an active member by ID or sign-in e-mail; an unknown,
// deactivated or erased one is refused in one line.
func FindMember(ctx context.Context, pool *pgxpool.Pool, idOrEmail string, lang i18n.Lang) (Member, error) {
	var m staffmodel.Member
	var err error
	found := true
	if strings.Contains(idOrEmail, "@") {
		m, found, err = staffmodel.ByEmail(ctx, pool, idOrEmail)
	} else if _, perr := uuid.Parse(idOrEmail); perr != nil {
		found = false
	} else {
		m, err = staffmodel.Get(ctx, pool, idOrEmail)
		found = err == nil
		if domain.KindOf(err) != domain.KindInternal {
			err = nil
		}
	}
	if err != nil {
		return Member{}, err
	}
	if !found || !m.Active || m.Erased {
		return Member{}, errors.New(say(lang, "ingen aktiv anställd har det ID:t eller den e-postadressen (--staff)",
			"no active staff member has that ID or e-mail address (--staff)"))
	}
	return Member{ID: m.ID, Roles: m.Roles}, nil
}

// refusal words a refusal of the product in lang, in one line: its
// catalogue message, else its kind's.
func refusal(lang i18n.Lang, err error) error {
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind == domain.KindInternal {
		return err
	}
	if de.Code != "" && i18n.Has(de.Code) {
		return errors.New(oneLine(i18n.T(lang, de.Code, de.Args...)))
	}
	return errors.New(oneLine(i18n.T(lang, "problem."+string(de.Kind)+".detail")))
}

// matterID is the ID of the matter --matter names, for the edge to look
// up as the member sees it. A number no matter has becomes the nil UUID,
// which the edge answers exactly as a matter the member may not see: the
// CLI says nothing of which numbers exist.
func (e Env) matterID(ctx context.Context, numberOrID string, lang i18n.Lang) (string, error) {
	if numberOrID == "" {
		return "", errors.New(say(lang, "ange ärendet: --matter NUMMER", "name the matter: --matter NUMBER"))
	}
	if _, err := uuid.Parse(numberOrID); err == nil {
		return numberOrID, nil
	}
	m, err := matters.ByNumber(ctx, e.Pool, strings.TrimSpace(numberOrID))
	switch {
	case err == nil:
		return m.ID, nil
	case domain.KindOf(err) == domain.KindInternal:
		return "", err
	}
	return uuid.Nil.String(), nil
}

// oneLine folds a message into the one line a CLI user reads.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// forbidden is the edge's refusal of an action the member's roles do not
// allow, in lang.
func forbidden(lang i18n.Lang, roles []access.Role, action access.Action) error {
	if access.Allows(roles, action) {
		return nil
	}
	return refusal(lang, domain.Forbidden("your roles do not allow this").WithCode("auth.not_allowed"))
}
