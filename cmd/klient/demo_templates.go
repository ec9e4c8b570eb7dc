package main

import (
	"context"

	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/work"
)

// demoTemplates are the workflow templates of the demo: a new
// processrätt matter starts with the steps every dispute has.
var demoTemplates = []work.Template{{
	PracticeArea: "processrätt",
	Tasks: []work.TemplateTask{
		{Key: "uppdragsbekraftelse", Title: "Skicka uppdragsbekräftelse", DueInDays: 2,
			Assignee: work.TemplateAssignee{Role: access.RoleLawyer}, Priority: work.PriorityHigh},
		{Key: "kundkannedom", Title: "Kontrollera kundkännedom (penningtvättslagen)", DueInDays: 5,
			Assignee: work.TemplateAssignee{Team: "processratt"}, Priority: work.PriorityNormal},
	},
	Deadlines: []work.TemplateDeadline{{Key: "svaromal", Title: "Svaromål", Kind: work.KindFiling, DueInDays: 21,
		Reminders: []int{7, 2}, Responsible: access.RoleLawyer}},
}}

// seedTemplates defines the demo's workflow templates.
func (a *app) seedTemplates(ctx context.Context) error {
	h, err := workcmd.NewWorkflowTemplateHandler(a.work)
	if err != nil {
		return err
	}
	for _, t := range demoTemplates {
		if _, err := h.HandleDefine(ctx, workcmd.DefineWorkflowTemplate{Actor: demoActor, Template: t}); err != nil {
			return err
		}
	}
	return nil
}
