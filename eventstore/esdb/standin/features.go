package standin

import (
	"context"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/serverfeatures"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
)

// features answers the client's one GetSupportedMethods call on connect.
// It lists only what the stand-in serves, so the client never believes in
// batch append or persistent subscriptions.
type features struct {
	serverfeatures.UnimplementedServerFeaturesServer
}

const streamsService = "event_store.client.streams.streams"

func (features) GetSupportedMethods(context.Context, *shared.Empty) (*serverfeatures.SupportedMethods, error) {
	return &serverfeatures.SupportedMethods{
		EventStoreServerVersion: "24.10.0",
		Methods: []*serverfeatures.SupportedMethod{
			{MethodName: "append", ServiceName: streamsService},
			{MethodName: "read", ServiceName: streamsService},
		},
	}, nil
}
