package org.dataanalyst.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.api.secret.SecretInfo;
import org.dataanalyst.api.secret.SecretService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code analyst:secrets}, {@code analyst:setSecret}, {@code analyst:deleteSecret}. Never shows a value. */
@Component(service = SecretCommands.class)
@GogoCommand(scope = "analyst", function = {"secrets", "setSecret", "deleteSecret"})
public class SecretCommands {

    private final SecretService secrets;
    private final ProjectService projects;

    @Activate
    public SecretCommands(@Reference SecretService secrets, @Reference ProjectService projects) {
        this.secrets = secrets;
        this.projects = projects;
    }

    @Descriptor("list a project's secrets by name (never their values)")
    public String secrets(@Descriptor("the project's id or name") String project) {
        return Text.attempt(() -> {
            Project p = Projects.find(projects, project);
            List<SecretInfo> list = secrets.list(p.id());
            if (list.isEmpty()) {
                return "project " + p.name() + " has no secrets\n";
            }
            Table table = new Table("NAME", "CREATED", "UPDATED", "USE AS");
            list.forEach(s -> table.row(s.name(), s.createdAt(), s.updatedAt(), "${secret:" + s.name() + "}"));
            return table.toString();
        });
    }

    @Descriptor("store a secret, or replace its value; it is stored encrypted and never shown again. Quote the value "
            + "with single quotes if it contains spaces or $")
    public String setSecret(@Descriptor("the project's id or name") String project,
                            @Descriptor("the secret's name: letters, digits, '_', '.', '-' (1-64)") String name,
                            @Descriptor("the value") String value) {
        return Text.attempt(() -> {
            Project p = Projects.find(projects, project);
            boolean existed = secrets.list(p.id()).stream().anyMatch(s -> s.name().equals(name));
            SecretInfo stored = secrets.put(p.id(), name, value);
            return (existed ? "replaced" : "stored") + " secret " + stored.name() + " of project " + p.name()
                    + "; reference it as ${secret:" + stored.name() + "}\n";
        });
    }

    @Descriptor("delete a secret")
    public String deleteSecret(@Descriptor("the project's id or name") String project,
                               @Descriptor("the secret's name") String name) {
        return Text.attempt(() -> {
            Project p = Projects.find(projects, project);
            secrets.delete(p.id(), name);
            return "deleted secret " + name + " of project " + p.name() + "\n";
        });
    }
}
