package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
)

// demoTeams are the firm's teams and the practice areas each takes. The
// demo lawyer and assistant are in processratt.
var demoTeams = []struct {
	team     string
	areas    []string
	subjects []string
}{
	{"processratt", []string{"processrätt", "straffrätt", "försäkringsrätt"},
		[]string{"Skadeståndstvist", "Fordringsmål", "Entreprenadtvist", "Försäkringstvist", "Försvar i brottmål", "Hävning av köp"}},
	{"affarsjuridik", []string{"affärsjuridik", "konkurrensrätt", "immaterialrätt", "skatterätt", "insolvensrätt"},
		[]string{"Aktieöverlåtelseavtal", "Bolagsbildning", "Aktieägaravtal", "Leveransavtal", "Varumärkesintrång", "Företagsrekonstruktion"}},
	{"arbetsratt", []string{"arbetsrätt", "offentlig rätt", "migrationsrätt"},
		[]string{"Uppsägning av personliga skäl", "Arbetsbrist", "Anställningsavtal", "Diskriminering", "Arbetstillstånd", "Konkurrensklausul"}},
	{"familjeratt", []string{"familjerätt", "arvsrätt"},
		[]string{"Bodelning", "Vårdnadstvist", "Bouppteckning", "Testamente", "Äktenskapsförord", "Arvstvist"}},
	{"fastighetsratt", []string{"fastighetsrätt", "övrigt"},
		[]string{"Dolt fel i fastighet", "Hyrestvist", "Servitut", "Bostadsrättsöverlåtelse", "Gränstvist", "Arrendeavtal"}},
}

// seedScaleStaff opens the demo accounts and a few more lawyers per team,
// and waits until the staff read model knows them all: tasks and deadlines
// are checked against it.
func (a *app) seedScaleStaff(ctx context.Context, p *demoPlan) error {
	if err := a.seedStaff(ctx); err != nil {
		return err
	}
	p.lawyers = map[string][]string{}
	for _, d := range demoAccounts {
		if d.role == access.RoleLawyer {
			p.demoLawyer = d.id
			for _, team := range d.teams {
				p.lawyers[team] = append(p.lawyers[team], d.id)
			}
		}
	}
	h, err := staffcmd.NewRegisterStaffMemberHandler(a.staff)
	if err != nil {
		return err
	}
	var last eventstore.Position
	for i := range p.colleagues() {
		team := demoTeams[i%len(demoTeams)].team
		r := p.rand(streamStaff, i)
		res, err := h.Handle(ctx, staffcmd.RegisterStaffMember{Actor: demoActor,
			Details: access.StaffDetails{Name: pick(r, demoGivenNames) + " " + pick(r, demoFamilyNames),
				Email: fmt.Sprintf("jurist%02d@demo.klient.se", i+1)},
			Roles: []access.Role{access.RoleLawyer}, Teams: []string{team}})
		if err != nil {
			return err
		}
		p.lawyers[team] = append(p.lawyers[team], res.StaffID)
		last = res.Position
	}
	// Waiting for the last registration's position, not for a lag of
	// zero: the lag can be counted before that registration is visible.
	return a.runtime.WaitFor(ctx, "staff", last)
}

// demoMatter is one matter of the plan. Its lawyer, who is responsible,
// also does its daily work.
type demoMatter struct {
	title, description, area, team, lawyer string
	members                                []string
	client, counterparty                   int // contacts; counterparty < 0: none
	work                                   matterWork
}

// matter is matter j, and the random stream its daily work draws from.
func (p *demoPlan) matter(j int) (demoMatter, *rand.Rand) {
	r := p.rand(streamMatter, j)
	t := demoTeams[r.IntN(len(demoTeams))]
	m := demoMatter{area: pick(r, t.areas), team: t.team, lawyer: pick(r, p.lawyers[t.team]),
		client: r.IntN(p.contacts), counterparty: -1, work: p.work[j]}
	if m.lawyer != p.demoLawyer && r.Float64() < demoMemberShare {
		m.members = []string{p.demoLawyer}
	}
	subject, client := pick(r, t.subjects), p.contactName(m.client)
	m.title = subject + " – " + client
	m.description = fmt.Sprintf("%s. Klient: %s.", subject, client)
	if r.Float64() < counterpartyShare {
		m.counterparty = (m.client + 1 + r.IntN(p.contacts-1)) % p.contacts
		other := p.contactName(m.counterparty)
		m.title = fmt.Sprintf("%s ./. %s – %s", client, other, subject)
		m.description += " Motpart: " + other + "."
	}
	return m, r
}

// writeMatter takes matter j in, checks it for conflicts, opens it, then
// writes its communications, tasks and deadlines.
func (r *scaleRun) writeMatter(ctx context.Context, j int) error {
	m, rng := r.plan.matter(j)
	actor := journal.Actor{ID: m.lawyer, CorrelationID: demoActor.CorrelationID}
	id, err := uuid.NewV7()
	if err != nil {
		return err
	}
	parties := []mattercmd.MatterParty{{ContactID: r.plan.contactIDs[m.client], Role: matter.RoleClient}}
	if m.counterparty >= 0 {
		parties = append(parties, mattercmd.MatterParty{ContactID: r.plan.contactIDs[m.counterparty], Role: matter.RoleCounterparty})
	}
	opened, err := r.matters.Open.Handle(ctx, mattercmd.OpenMatter{Actor: actor, MatterID: id.String(), Title: m.title,
		Description: m.description, PracticeArea: m.area, ResponsibleLawyer: m.lawyer, Parties: parties,
		Members: m.members, Teams: []string{m.team}})
	if err != nil {
		return fmt.Errorf("matter %d: open: %w", j, err)
	}
	r.tally.wrote(&r.tally.matters, 3+len(parties)) // number, opening, parties, team
	version, err := r.checkConflicts(ctx, actor, opened)
	if err != nil {
		return fmt.Errorf("matter %d: conflict check: %w", j, err)
	}
	if _, err := r.matters.Lifecycle.HandleActivate(ctx, mattercmd.ChangeMatterStatus{Actor: actor,
		MatterID: opened.MatterID, ExpectedVersion: version}); err != nil {
		return fmt.Errorf("matter %d: activate: %w", j, err)
	}
	r.tally.events.Add(2) // the check and the activation
	if err := r.writeMatterWork(ctx, actor, m, opened.MatterID, rng); err != nil {
		return fmt.Errorf("matter %d: %w", j, err)
	}
	return nil
}

// checkConflicts runs the check and records the lawyer's decision, as the
// matter page does. While other writers open matters the index moves on,
// and a result that changed between review and decision is run again.
func (r *scaleRun) checkConflicts(ctx context.Context, actor journal.Actor, opened mattercmd.MatterResult) (uint64, error) {
	for attempt := 1; ; attempt++ {
		report, err := r.matters.Conflicts.HandleRun(ctx, mattercmd.RunConflictCheck{Actor: actor,
			MatterID: opened.MatterID, ExpectedVersion: opened.Version})
		if err == nil {
			decision, reason := conflictDecision(report.Hits)
			var res mattercmd.MatterResult
			res, err = r.matters.Conflicts.HandleDecision(ctx, mattercmd.RecordConflictDecision{Actor: actor,
				MatterID: opened.MatterID, ExpectedVersion: opened.Version, Fingerprint: report.Fingerprint,
				Decision: decision, Reason: reason})
			if err == nil {
				return res.Version, nil
			}
		}
		var de *domain.Error
		moved := errors.As(err, &de) && (de.Code == "matter.conflict.result_changed" || de.Code == "matter.conflict.index_behind")
		if !moved || attempt == 20 {
			return 0, err
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(time.Duration(attempt) * 20 * time.Millisecond):
		}
	}
}

// conflictDecision is what the demo lawyer decides: the same contact,
// number or e-mail address on another matter is a conflict the clients
// waive in writing; a similar name alone is a namesake.
func conflictDecision(hits []matter.ConflictHit) (matter.ConflictDecision, string) {
	for _, h := range hits {
		if h.Kind != matter.MatchName {
			return matter.DecisionWaived, "Klienterna har skriftligen samtyckt till att byrån åtar sig uppdraget."
		}
	}
	return matter.DecisionClear, ""
}

func (r *scaleRun) writeMatterWork(ctx context.Context, actor journal.Actor, m demoMatter, matterID string, rng *rand.Rand) error {
	for range m.work.entries {
		if err := r.logEntry(ctx, actor, m, matterID, rng); err != nil {
			return fmt.Errorf("communication: %w", err)
		}
	}
	for range m.work.tasks {
		if err := r.createTask(ctx, actor, m, matterID, rng); err != nil {
			return fmt.Errorf("task: %w", err)
		}
	}
	for range m.work.deadlines {
		if err := r.setDeadline(ctx, actor, m, matterID, rng); err != nil {
			return fmt.Errorf("deadline: %w", err)
		}
	}
	return nil
}

// logEntry logs one communication on the matter (or, now and then, under
// its client alone), some with a follow-up, a few corrected afterwards.
func (r *scaleRun) logEntry(ctx context.Context, actor journal.Actor, m demoMatter, matterID string, rng *rand.Rand) error {
	p := r.plan
	client := p.contactIDs[m.client]
	// As the pages file them: under the matter from its tab, under the
	// client alone from the contact's page.
	links := communication.Links{MatterID: matterID}
	if rng.Float64() < contactOnlyShare {
		links = communication.Links{ContactIDs: []string{client}}
	}
	details := p.entryDetails(rng, m, client)
	cmd := commcmd.LogCommunication{Actor: actor, Links: links, Details: details}
	if rng.Float64() < followUpShare {
		cmd.FollowUp = &communication.FollowUp{DueOn: p.day(1 + rng.IntN(30)), AssignedTo: m.lawyer}
	}
	res, err := r.comms.Log.Handle(ctx, cmd)
	if err != nil {
		return err
	}
	r.tally.wrote(&r.tally.entries, 1)
	if cmd.FollowUp != nil {
		r.tally.wrote(&r.tally.followUps, 1)
		if rng.Float64() < clearedShare {
			if res, err = r.comms.FollowUps.HandleClear(ctx, commcmd.ClearFollowUp{Actor: actor,
				CommunicationID: res.CommunicationID, ExpectedVersion: res.Version}); err != nil {
				return err
			}
			r.tally.events.Add(1)
		}
	}
	if rng.Float64() < correctedShare {
		details.Body += "\nRättelse: samtalet gällde " + strings.ToLower(pick(rng, demoTopics)) + "."
		if _, err := r.comms.Correct.Handle(ctx, commcmd.CorrectCommunication{Actor: actor,
			CommunicationID: res.CommunicationID, ExpectedVersion: res.Version, Details: details}); err != nil {
			return err
		}
		r.tally.wrote(&r.tally.corrections, 1)
	}
	return nil
}

// entryDetails is an entry's invented content: a kind, a time in the last
// three years, who took part, a subject line and a note.
func (p *demoPlan) entryDetails(rng *rand.Rand, m demoMatter, client string) communication.Details {
	kind := pick(rng, demoEntryKinds)
	var body strings.Builder
	fmt.Fprintf(&body, demoEntryWording[kind].body, p.contactName(m.client))
	for range 1 + rng.IntN(3) {
		body.WriteString(" " + pick(rng, demoSentences))
	}
	return communication.Details{Kind: kind,
		OccurredAt: p.now.Add(-time.Duration(rng.Int64N(int64(3 * 365 * 24 * time.Hour)))),
		Participants: []communication.Participant{{Kind: communication.ParticipantContact, ID: client},
			{Kind: communication.ParticipantStaff, ID: m.lawyer}},
		SubjectLine: fmt.Sprintf(demoEntryWording[kind].subject, pick(rng, demoTopics)), Body: body.String()}
}

// createTask gives the matter's lawyer or team something to do, due
// between six weeks ago (overdue or done) and three months ahead.
func (r *scaleRun) createTask(ctx context.Context, actor journal.Actor, m demoMatter, matterID string, rng *rand.Rand) error {
	assignee := work.StaffAssignee(m.lawyer)
	if rng.Float64() < 0.3 {
		assignee = work.TeamAssignee(m.team)
	}
	res, err := r.work.CreateTask.Handle(ctx, workcmd.CreateTask{Actor: actor, Title: pick(rng, demoTaskTitles),
		Assignee: assignee, Due: r.plan.day(rng.IntN(135) - 45), Priority: pick(rng, []string{"low", "normal", "normal", "normal", "high", "urgent"}),
		MatterID: matterID})
	if err != nil {
		return err
	}
	r.tally.wrote(&r.tally.tasks, 1)
	if rng.Float64() >= completedShare {
		return nil
	}
	if _, err := r.work.TaskStatus.HandleComplete(ctx, workcmd.ChangeTaskStatus{Actor: actor, TaskID: res.ID,
		ExpectedVersion: res.Version}); err != nil {
		return err
	}
	r.tally.wrote(&r.tally.completed, 1)
	return nil
}

// setDeadline sets a deadline between two weeks and thirteen months ahead,
// with reminders that have not fallen due yet.
func (r *scaleRun) setDeadline(ctx context.Context, actor journal.Actor, m demoMatter, matterID string, rng *rand.Rand) error {
	d := pick(rng, demoDeadlines)
	at := ""
	if d.kind == work.KindCourtDate {
		at = pick(rng, []string{"09:00", "09:30", "10:00", "13:00", "13:30"})
	}
	_, err := r.work.SetDeadline.Handle(ctx, workcmd.SetDeadline{Actor: actor, MatterID: matterID, Kind: string(d.kind),
		Date: r.plan.day(15 + rng.IntN(385)), Time: at, Title: d.title, Responsible: m.lawyer,
		Reminders: pick(rng, [][]int{{7, 1}, {14, 7, 2}, {3}, {10, 5, 1}})})
	if err != nil {
		return err
	}
	r.tally.wrote(&r.tally.deadlines, 1)
	return nil
}

var demoEntryKinds = []communication.Kind{
	communication.KindEmail, communication.KindEmail, communication.KindEmail, communication.KindEmail,
	communication.KindPhoneCall, communication.KindPhoneCall, communication.KindPhoneCall,
	communication.KindMeeting, communication.KindLetterIncoming, communication.KindLetterOutgoing, communication.KindNote,
}

// demoEntryWording is each kind's subject line (about a topic) and the
// first sentence of its note (naming the client).
var demoEntryWording = map[communication.Kind]struct{ subject, body string }{
	communication.KindEmail:          {"Sv: %s", "E-post från %s."},
	communication.KindPhoneCall:      {"Telefonsamtal om %s", "Samtal med %s."},
	communication.KindMeeting:        {"Möte om %s", "Möte med %s på kontoret."},
	communication.KindLetterIncoming: {"Inkommande brev om %s", "Brev från motparten rörande %s."},
	communication.KindLetterOutgoing: {"Brev om %s", "Brev till %s."},
	communication.KindNote:           {"Anteckning om %s", "Intern anteckning om %s."},
}

var demoTopics = []string{
	"förlikningsförslaget", "utkastet till avtal", "kallelsen till sammanträde", "motpartens yttrande", "bevisuppgiften",
	"arvodet", "kompletterande handlingar", "tidsplanen", "tingsrättens beslut", "vittnesförhören", "bodelningen",
	"hyresnämndens kallelse", "fullmakten", "kostnadsräkningen", "inlagan", "klientens frågor", "avtalsgranskningen",
	"huvudförhandlingen", "sekretessen", "överklagandet",
}

var demoSentences = []string{
	"Klienten bekräftade uppgifterna.", "Vi återkommer med ett förslag inom en vecka.", "Motparten har ännu inte svarat.",
	"Handlingarna skickades med rekommenderat brev.", "Klienten vill avvakta motpartens besked.",
	"Tidsplanen inför förhandlingen gicks igenom.", "Kostnadsräkningen stämdes av med klienten.",
	"Klienten ombads komplettera med underlag.", "Frågan om förlikning diskuterades.", "Processrisken bedöms som måttlig.",
	"Klienten har fått en kopia av yttrandet.", "Nästa steg är en inlaga till domstolen.",
	"Beslutet meddelas skriftligen.", "Ärendet stämdes av med ansvarig advokat.",
}

var demoTaskTitles = []string{
	"Upprätta stämningsansökan", "Begär in handlingar från klienten", "Skicka delfaktura", "Förbered huvudförhandlingen",
	"Granska avtalsutkastet", "Sammanställ bevisningen", "Ring klienten", "Kontrollera kundkännedom",
	"Boka möte med klienten", "Skriv PM om rättsläget", "Besvara motpartens brev", "Skicka uppdragsbekräftelse",
	"Begär anstånd", "Upprätta bodelningsavtal", "Arkivera handlingar",
}

var demoDeadlines = []struct {
	kind  work.DeadlineKind
	title string
}{
	{work.KindCourtDate, "Huvudförhandling i tingsrätten"}, {work.KindCourtDate, "Muntlig förberedelse"},
	{work.KindAppealDeadline, "Sista dag för överklagande"}, {work.KindLimitationPeriod, "Preskription av fordran"},
	{work.KindFiling, "Svaromål"}, {work.KindFiling, "Yttrande till tingsrätten"}, {work.KindFiling, "Bevisuppgift"},
	{work.KindOther, "Avstämning med klienten"},
}
