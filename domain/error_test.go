package domain_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain"
)

func TestJoinProblemsIsOneFlatList(t *testing.T) {
	t.Parallel()
	a, b, c := domain.Invalid("a", "x"), domain.Invalid("b", "x"), domain.Invalid("c", "x")
	if err := domain.JoinProblems(nil, nil); err != nil {
		t.Errorf("no problems: %v", err)
	}
	if err := domain.JoinProblems(nil, a); err != a {
		t.Errorf("one problem: %v, want it as it is", err)
	}
	err := domain.JoinProblems(a, nil, errors.Join(b, c))
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok || !slices.Equal(joined.Unwrap(), []error{a, b, c}) {
		t.Fatalf("got %v, want a, b, c in one list", err)
	}
	var first *domain.Error
	if !errors.As(err, &first) || first != a {
		t.Errorf("errors.As finds %v, want the first", first)
	}
}
