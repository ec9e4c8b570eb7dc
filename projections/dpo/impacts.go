package dpo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
)

// ImpactAssessment is one saved version of an impact assessment.
type ImpactAssessment struct {
	domaindpo.ImpactAssessmentRecorded
	Version    uint64
	RecordedAt time.Time
}

const impactColumns = `content, action_plan, version, recorded_at`

// latestImpacts is the latest version of each assessment.
const latestImpacts = `(SELECT DISTINCT ON (id) * FROM dpo_dpias_v3 ORDER BY id, version DESC) AS d`

// ImpactAssessments lists the latest version of every assessment, the
// earliest review first.
func ImpactAssessments(ctx context.Context, db DB) ([]ImpactAssessment, error) {
	return scanImpacts(db.Query(ctx, `SELECT `+impactColumns+` FROM `+latestImpacts+` ORDER BY review_by, id`))
}

// ImpactReviewsDue lists the assessments whose latest version is to be
// reviewed by by.
func ImpactReviewsDue(ctx context.Context, db DB, by time.Time) ([]ImpactAssessment, error) {
	return scanImpacts(db.Query(ctx, `SELECT `+impactColumns+` FROM `+latestImpacts+` WHERE review_by <= $1
		ORDER BY review_by, id`, by))
}

// ImpactHistory lists every version of one assessment, the latest
// first; an unknown ID is domain.NotFound.
func ImpactHistory(ctx context.Context, db DB, id string) ([]ImpactAssessment, error) {
	list, err := scanImpacts(db.Query(ctx, `SELECT `+impactColumns+` FROM dpo_dpias_v3 WHERE id = $1 ORDER BY version DESC`, id))
	if err == nil && len(list) == 0 {
		err = domain.NotFound("there is no such impact assessment").WithCode("dpo.dpia.not_found")
	}
	return list, err
}

func scanImpacts(rows pgx.Rows, err error) ([]ImpactAssessment, error) {
	if err != nil {
		return nil, fmt.Errorf("dpo: impact assessments: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ImpactAssessment, error) {
		var a ImpactAssessment
		var raw []byte
		var plan string
		var v int64
		if err := r.Scan(&raw, &plan, &v, &a.RecordedAt); err != nil {
			return a, err
		}
		if err := json.Unmarshal(raw, &a.ImpactAssessmentRecorded); err != nil {
			return a, err
		}
		a.ActionPlan, a.Version = plan, uint64(v)
		return a, nil
	})
	if err != nil {
		return nil, fmt.Errorf("dpo: impact assessments: %w", err)
	}
	return out, nil
}
