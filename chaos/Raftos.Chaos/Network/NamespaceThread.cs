using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace Raftos.Chaos.Network;

/// <summary>
/// A dedicated OS thread that lives inside one network namespace and runs short synchronous work there,
/// above all the socket(2) calls that bind a socket to the namespace.
/// </summary>
/// <remarks>
/// setns(2) moves a single OS thread, not the process. A managed <see cref="Thread"/> is one OS thread for its
/// whole life, so a thread we own is safe to switch; a thread-pool thread is not (whatever runs on it next would
/// silently create its sockets in the wrong namespace), and neither is an async continuation, which may resume
/// anywhere. Hence a private thread, synchronous work items only, and completions that never run inline here.
/// </remarks>
internal sealed class NamespaceThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;
    private readonly SafeFileHandle _target;
    private readonly string _name;
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the thread and waits until it is inside the namespace (or throws why it could not get there).</summary>
    public NamespaceThread(SafeFileHandle target, string name)
    {
        _target = target;
        _name = name;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"netns {name}" };
        _thread.Start();
        _entered.Task.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="work"/> on the thread inside the namespace; the returned task never completes on that thread.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        // Work that itself asks for the namespace would wait on the queue it is blocking: run it in place.
        if (Thread.CurrentThread == _thread)
        {
            try
            {
                return Task.FromResult(work());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return Task.FromException<T>(e);
            }
        }

        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _work.Add(() =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    done.SetException(e);
                }
            });
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException($"network namespace {_name}");
        }
        return done.Task;
    }

    /// <summary>Leaves the namespace and ends the thread, so it no longer keeps the namespace alive.</summary>
    public void Dispose()
    {
        _work.CompleteAdding();
        // Called from its own work, the loop is still iterating the queue: it ends (and leaves) after this item.
        if (Thread.CurrentThread == _thread)
            return;
        _thread.Join();
        _work.Dispose();
    }

    private void Loop()
    {
        SafeFileHandle? home = null;
        try
        {
            // The thread's own namespace, not /proc/self (the main thread's): they differ if our creator was moved.
            home = NetnsCalls.Open("/proc/thread-self/ns/net");
            NetnsCalls.Enter(_target, _name);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            home?.Dispose();
            _entered.SetException(e);
            return;
        }

        using (home)
        {
            _entered.SetResult();
            try
            {
                foreach (var item in _work.GetConsumingEnumerable())
                    item();
            }
            finally
            {
                // A thread inside a namespace keeps it alive. Join returns once the managed thread is done, which
                // can be before the OS thread is gone; stepping out first means Dispose really has let go of it.
                NetnsCalls.Enter(home, "the original namespace");
            }
        }
    }
}
