package org.dataanalyst.rest.internal;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.profile.RuleSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The rule checks declared for a dataset ({@code not_null}, {@code unique}, {@code range}, {@code regex},
 * {@code allowed_values}, {@code row_count}…): read and replaced as a whole. Every profile run submitted
 * afterwards evaluates them (docs/profilers.md).
 */
@Component(service = DatasetRulesResource.class)
@JakartarsResource
@Path("projects/{id}/datasets/{dataset_id}/rules")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetRulesResource {

    /** Body of {@code PUT …/rules}. */
    public record NewRules(List<Map<String, Object>> rules) {
    }

    private final ProfileService profiles;

    @Activate
    public DatasetRulesResource(@Reference ProfileService profiles) {
        this.profiles = profiles;
    }

    @GET
    public RuleSet get(@PathParam("id") String projectId, @PathParam("dataset_id") String datasetId) {
        return profiles.rules(projectId, datasetId);
    }

    /** Replaces the rules; 400 naming every rule that cannot be checked, and then nothing changes. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public RuleSet put(@PathParam("id") String projectId, @PathParam("dataset_id") String datasetId, NewRules body) {
        if (body == null || body.rules() == null) {
            throw new InvalidRequestException("the body must be {\"rules\": [ … ]}, e.g. {\"rules\": [{\"type\": \"not_null\", "
                    + "\"column\": \"id\"}]}; an empty list removes every rule");
        }
        return profiles.putRules(projectId, datasetId, body.rules());
    }
}
