package org.monge.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Streams the rows of a 2-D {@code .npy} file (n × d) in blocks, in O(block · d) memory, so
 * feature files larger than memory can be reduced. C order is read sequentially; Fortran order
 * by positional reads of each column's segment.
 */
public final class NpyRowReader implements Closeable {
    private final FileChannel channel;
    private final NpyHeader header;
    private final String name;
    private final int rows;
    private final int cols;
    private int next;
    private ByteBuffer buffer; // reused between reads (direct: no hidden copy in FileChannel.read)

    public NpyRowReader(Path path) throws IOException {
        this.name = path.toString();
        Sources.requireReadable(path);
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(path + ": file not found");
        }
        try {
            InputStream in = Channels.newInputStream(channel);
            this.header = NpyHeader.read(in, name);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        int[] shape = header.shape();
        if (shape.length != 2) {
            channel.close();
            throw new IllegalArgumentException(name + ": must be a 2-D array of features (rows × dimensions), got shape "
                    + Arrays.toString(shape));
        }
        this.rows = shape[0];
        this.cols = shape[1];
        long expected = header.headerBytes() + (long) rows * cols * header.itemSize();
        long size = channel.size();
        if (size < expected) {
            channel.close();
            throw new IllegalArgumentException(name + ": is truncated: " + size + " bytes, the header declares " + expected);
        }
    }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** Moves to row {@code row} (0 ≤ row ≤ rows), so that readers can split a file into row ranges. */
    public synchronized void seek(int row) {
        if (row < 0 || row > rows) throw new IllegalArgumentException("row must lie in [0, " + rows + "], got " + row);
        next = row;
    }

    /**
     * Reads up to {@code maxRows} next rows into {@code out} (row-major, at least maxRows·cols
     * long); returns the number of rows read, 0 at the end.
     */
    public synchronized int read(double[] out, int maxRows) throws IOException {
        int count = Math.min(maxRows, rows - next);
        if (count <= 0) return 0;
        int item = header.itemSize();
        if (!header.fortranOrder()) {
            long pos = header.headerBytes() + (long) next * cols * item;
            ByteBuffer bb = buffer(count * cols * item);
            readFully(bb, pos);
            bb.flip();
            decodeBulk(bb, out, count * cols);
        } else {
            ByteBuffer bb = buffer(count * item);
            double[] col = new double[count];
            for (int j = 0; j < cols; j++) {
                bb.clear();
                bb.limit(count * item);
                readFully(bb, header.headerBytes() + ((long) j * rows + next) * item);
                bb.flip();
                decodeBulk(bb, col, count);
                for (int r = 0; r < count; r++) out[r * cols + j] = col[r];
            }
        }
        next += count;
        return count;
    }

    private ByteBuffer buffer(int bytes) {
        if (buffer == null || buffer.capacity() < bytes) buffer = ByteBuffer.allocateDirect(bytes).order(header.order());
        buffer.clear();
        buffer.limit(bytes);
        return buffer;
    }

    /** Float data through a bulk view (byte swapping done by the JDK); doubles in bulk and other types by {@link Npy#decode}. */
    private float[] floats = new float[0];

    private void decodeBulk(ByteBuffer bb, double[] out, int count) {
        if (header.kind() == 'f' && header.itemSize() == 4) {
            if (floats.length < count) floats = new float[count];
            bb.asFloatBuffer().get(floats, 0, count);
            for (int i = 0; i < count; i++) out[i] = floats[i];
        } else {
            Npy.decode(header, bb, out, 0, count);
        }
    }

    private void readFully(ByteBuffer bb, long pos) throws IOException {
        while (bb.hasRemaining()) {
            int n = channel.read(bb, pos);
            if (n < 0) throw new IllegalArgumentException(name + ": ended early (truncated while reading)");
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
