package org.dataanalyst.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Size limits on request bodies: JSON bodies up to {@code max_body_bytes}, anything else (uploads)
 * up to {@code max_upload_bytes}. A declared {@code Content-Length} over the limit is refused before
 * reading; a chunked body is cut off when it passes the limit. Either way the answer is 413 and
 * nothing has been changed, because resources read and validate the body before they write.
 *
 * <p>One exception: a dataset upload ({@code POST /api/projects/{id}/datasets} as
 * {@code multipart/form-data}) is not limited here. The datasets service streams it into the
 * project's {@code raw/} folder and enforces its own {@code max_upload_bytes} while it does (413 above
 * it), so there is one limit for data files, configured where data files are handled, and no second,
 * smaller limit here that would make the datasets setting meaningless above it.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = RestConfig.PID)
@Designate(ocd = RestConfig.class)
@JakartarsExtension
@JakartarsName("analyst-body-limits")
@Priority(Priorities.ENTITY_CODER)
public class BodyLimitFilter implements ContainerRequestFilter {

    private final long maxJsonBytes;
    private final long maxUploadBytes;

    @Activate
    public BodyLimitFilter(RestConfig config) {
        this(config.max__body__bytes(), config.max__upload__bytes());
    }

    public BodyLimitFilter(long maxJsonBytes, long maxUploadBytes) {
        this.maxJsonBytes = maxJsonBytes;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.hasEntity()) {
            return;
        }
        MediaType type = request.getMediaType();
        if (type != null && isDatasetUpload(request.getMethod(), request.getUriInfo().getPath(), type.getType(), type.getSubtype())) {
            return;
        }
        boolean json = type == null || type.getSubtype().equals("json") || type.getSubtype().endsWith("+json");
        long limit = json ? maxJsonBytes : maxUploadBytes;
        if (request.getLength() > limit) {
            throw new PayloadTooLargeException(limit);
        }
        request.setEntityStream(new LimitedInputStream(request.getEntityStream(), limit));
    }

    private static final java.util.regex.Pattern DATASETS = java.util.regex.Pattern.compile("/?projects/[^/]+/datasets/?");

    /** Whether a request is a multipart dataset upload, which the datasets service limits itself. */
    static boolean isDatasetUpload(String method, String path, String type, String subtype) {
        return "POST".equals(method) && "multipart".equalsIgnoreCase(type) && "form-data".equalsIgnoreCase(subtype)
                && path != null && DATASETS.matcher(path).matches();
    }

    /** Counts what is read and fails once more than the limit has come. */
    static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }
    }
}
