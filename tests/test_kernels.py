"""The notebooks' kernels talk through socket files of their own, so that kernels started at once never collide.

Over TCP two kernels started together could be handed the same port: `make test` in a fresh clone once
failed six tests with "Address already in use" and "Kernel didn't respond in 60 seconds".
"""

import asyncio
import os
from pathlib import Path

from jupyter_client import AsyncKernelManager

from chiengso_stats.publish.notebooks_runner import LocalKernelManager


def test_kernels_started_together_each_answer_through_their_own_socket_files():
    async def start_two():
        managers = [LocalKernelManager(kernel_name="python3") for _ in range(2)]
        await asyncio.gather(*(km.start_kernel() for km in managers))
        try:
            answers = []
            for km in managers:
                client = km.client()
                client.start_channels()
                await client.wait_for_ready(timeout=60)
                answers.append((await client.kernel_info(reply=True))["content"]["status"])
                client.stop_channels()
            return managers, answers
        finally:
            await asyncio.gather(*(km.shutdown_kernel(now=True) for km in managers))

    managers, answers = asyncio.run(start_two())
    assert answers == ["ok", "ok"]
    assert [km.transport for km in managers] == ["ipc", "ipc"]
    folders = [Path(km.ip).parent for km in managers]
    assert folders[0] != folders[1]  # one folder each: the file names cannot collide
    assert not any(folder.exists() for folder in folders)  # removed with the kernel
    assert os.name == "posix"  # the platform CI runs on; Windows keeps TCP (see LocalKernelManager)


def test_a_finished_kernel_is_shut_down_without_an_interrupt(monkeypatch):
    # An interrupt at rest made the kernel print "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel"
    # at the end of make run, now and then; an interrupt asked for while it runs still reaches it.
    sent = []
    original = AsyncKernelManager._async_interrupt_kernel

    async def counted(self):
        sent.append(self.shutting_down)
        await original(self)

    monkeypatch.setattr(AsyncKernelManager, "_async_interrupt_kernel", counted)

    async def run():
        km = LocalKernelManager(kernel_name="python3")
        await km.start_kernel()
        await km.interrupt_kernel()  # while it runs: sent
        await km.shutdown_kernel()  # graceful, as nbclient does: no interrupt
        return km

    km = asyncio.run(run())
    assert sent == [False]
    assert not km.has_kernel
