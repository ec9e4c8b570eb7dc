package gdpr

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/klient-crm/klient/domain"
)

// PurposeMarketing is the purpose a consent must name for MayMarket.
const PurposeMarketing = "marketing"

// Purposes is the firm's list of processing purposes that lawful bases and
// consents name. It is configuration: the lead loads the firm's own list;
// DefaultPurposes serves until then.
type Purposes []string

// DefaultPurposes are the purposes of a typical Swedish law firm.
var DefaultPurposes = Purposes{
	"client_relationship", // advising and representing clients
	"matter_handling",     // counterparties, witnesses and others in a matter
	"conflict_check",      // the jävskontroll before and during every matter
	"aml_kyc",             // customer due diligence under penningtvättslagen
	"accounting",          // bookkeeping under bokföringslagen
	PurposeMarketing,      // newsletters, seminars and other direct marketing
}

var purposeName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Validate refuses a list the register could not use: empty, a malformed
// or a repeated name.
func (p Purposes) Validate() error {
	if len(p) == 0 {
		return fmt.Errorf("gdpr: the list of purposes is empty")
	}
	for i, name := range p {
		if !purposeName.MatchString(name) {
			return fmt.Errorf("gdpr: purpose %q: use lower-case letters, digits and _", name)
		}
		if slices.Contains(p[:i], name) {
			return fmt.Errorf("gdpr: purpose %q is listed twice", name)
		}
	}
	return nil
}

// check refuses a purpose the firm has not listed.
func (p Purposes) check(field, purpose string) error {
	if !slices.Contains(p, purpose) {
		return domain.Invalid(field, "choose one of the firm's purposes").WithCode("gdpr.purpose.unknown")
	}
	return nil
}
