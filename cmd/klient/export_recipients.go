package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/klient-crm/klient/projections/subjectexport"
)

// defaultRecipients is what a subject access package lists as recipients
// and processors (art. 15.1 c) when the firm has not configured its own
// list: the categories every Swedish law firm has. The firm names its
// actual processors (hosting, e-mail, accounting) in a JSON file given as
// --recipients or KLIENT_RECIPIENTS, a list of
// {"name", "role": "processor"|"recipient", "purpose", "country"}.
var defaultRecipients = []subjectexport.Recipient{
	{Name: "Domstolar och myndigheter", Role: "recipient", Purpose: "När ett uppdrag kräver det, t.ex. i en process eller ett ärende hos myndighet"},
	{Name: "Motparter och deras ombud", Role: "recipient", Purpose: "I den mån uppdraget kräver det"},
	{Name: "Byråns leverantör av IT-drift", Role: "processor", Purpose: "Drift och säkerhetskopiering av byråns system, inom EU/EES"},
	{Name: "Byråns revisor och redovisningsbyrå", Role: "recipient", Purpose: "Bokföring och revision enligt lag"},
}

// loadRecipients reads the firm's list from path; empty: the defaults.
func loadRecipients(path string) ([]subjectexport.Recipient, error) {
	if path == "" {
		return defaultRecipients, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("recipients: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var list []subjectexport.Recipient
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("recipients in %s: %w", path, err)
	}
	for i, r := range list {
		if r.Name == "" || (r.Role != "processor" && r.Role != "recipient") {
			return nil, fmt.Errorf("recipients in %s, entry %d: give a name and the role processor or recipient", path, i+1)
		}
	}
	return list, nil
}

// exportOptions is what a subject access package states beside the read
// models: the firm, its recipients and its retention schedule, from the
// environment (KLIENT_CONTROLLER_NAME, KLIENT_DPO_CONTACT,
// KLIENT_RECIPIENTS, KLIENT_RETENTION_RULES). The HTTP export uses it too.
func exportOptions(recipientsFile string) (subjectexport.Options, error) {
	recipients, err := loadRecipients(recipientsFile)
	if err != nil {
		return subjectexport.Options{}, err
	}
	rules, err := retentionRules(env("KLIENT_RETENTION_RULES", ""))
	return subjectexport.Options{Recipients: recipients, Rules: rules, Controller: subjectexport.Controller{
		Name: env("KLIENT_CONTROLLER_NAME", ""), Contact: env("KLIENT_DPO_CONTACT", "")}}, err
}
